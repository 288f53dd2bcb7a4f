package io.routstr.gateway.domain.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReservationIdTest {

    @Test
    void everyNewReservationIdDiffersFromEveryEarlierOne_evenAcrossThreads() {
        Set<UUID> seen = ConcurrentHashMap.newKeySet();
        int perThread = 50_000;
        List<Thread> threads = IntStream.range(0, 8)
                .mapToObj(t -> Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        seen.add(ReservationId.next().value());
                    }
                }))
                .toList();
        threads.forEach(ReservationIdTest::join);

        assertThat(seen).hasSize(8 * perThread);
    }

    @Test
    void aNewReservationIdIsAVendorSpecificUuid_notAClaimOfRandomness() {
        UUID id = ReservationId.next().value();

        assertThat(id.version()).isEqualTo(8);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void theIdsOfOneProcessShareTheirPrefixAndDifferInTheirCounter() {
        UUID first = ReservationId.next().value();
        UUID second = ReservationId.next().value();

        assertThat(second.getMostSignificantBits()).isEqualTo(first.getMostSignificantBits());
        assertThat(second.getLeastSignificantBits()).isNotEqualTo(first.getLeastSignificantBits());
    }

    @Test
    void aReservationIdReadsBackFromItsText() {
        ReservationId id = ReservationId.next();

        assertThat(ReservationId.parse(id.toString())).isEqualTo(id);
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

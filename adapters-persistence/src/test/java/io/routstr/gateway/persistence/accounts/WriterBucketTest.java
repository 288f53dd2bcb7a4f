package io.routstr.gateway.persistence.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.reservation.ReservationId;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A reservation id names its key's writer, and stays a unique version-8 UUID. */
class WriterBucketTest {

    @Test
    void aReservationIdDrawnForABucketNamesThatBucket() {
        for (int bucket = 0; bucket < WriterBucket.COUNT; bucket++) {
            ReservationId id = new WriterBucket(bucket).newReservationId();
            assertThat(WriterBucket.of(id)).isEqualTo(new WriterBucket(bucket));
            assertThat(id.value().version()).isEqualTo(8);
            assertThat(id.value().variant()).isEqualTo(2);
        }
    }

    @Test
    void reservationIdsDrawnForOneBucketOrSeveralAreAllDistinct() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(new WriterBucket(i % 3).newReservationId().value());
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void keysWhoseIdsDifferOnlyInTheirLastDigitsGoToDifferentWriters() {
        // As the crash suite's keys are made: a counted suffix.
        Set<Integer> writers = new HashSet<>();
        IntStream.range(0, 4)
                .forEach(i -> writers.add(WriterBucket.of(new ApiKeyId(
                                        UUID.fromString("00000000-0000-4000-8000-%012x".formatted(0xc0ffeeL + i))))
                                .value()
                        % 4));
        assertThat(writers).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void aBucketIsOneOfTheCount() {
        assertThatThrownBy(() -> new WriterBucket(WriterBucket.COUNT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WriterBucket(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}

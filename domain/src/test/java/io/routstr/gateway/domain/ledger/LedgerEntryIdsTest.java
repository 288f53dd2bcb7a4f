package io.routstr.gateway.domain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LedgerEntryIdsTest {

    private final Instant at = Instant.parse("2026-12-07T12:00:00.123456Z");

    @Test
    void anIdIsVersion7_withTheTimeToTheMillisecondInFront() {
        UUID id = LedgerEntryIds.at(at);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(LedgerEntryIds.timeOf(id)).isEqualTo(Instant.parse("2026-12-07T12:00:00.123Z"));
    }

    @Test
    void idsOfLaterEntriesSortAfter_asUnsignedBytesAsPostgresqlComparesThem() {
        UUID earlier = LedgerEntryIds.at(at);
        UUID later = LedgerEntryIds.at(at.plusMillis(1));

        assertThat(Long.compareUnsigned(earlier.getMostSignificantBits(), later.getMostSignificantBits()))
                .isNegative();
    }

    @Test
    void idsOfTheSameMillisecondDifferInTheirRandomBits() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(LedgerEntryIds.at(at));
        }

        assertThat(ids).hasSize(10_000);
    }

    @Test
    void aTimeOutsideTheIdsFortyEightBits_isRefused() {
        assertThatThrownBy(() -> LedgerEntryIds.at(Instant.EPOCH.minusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LedgerEntryIds.at(Instant.ofEpochMilli(1L << 48)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LedgerEntryIds.timeOf(UUID.randomUUID())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEntriesTheDomainMakes_carryTheirTimeInTheirIds() {
        LedgerEntry deposit = LedgerEntry.of(LedgerEntryType.DEPOSIT, ApiKeyId.random(), Msats.of(5), at);
        LedgerEntry payout = LedgerEntry.ownerSide(LedgerEntryType.PAYOUT, Msats.of(5), "payout:1", at);

        assertThat(LedgerEntryIds.timeOf(deposit.id())).isEqualTo(Instant.parse("2026-12-07T12:00:00.123Z"));
        assertThat(LedgerEntryIds.timeOf(payout.id())).isEqualTo(Instant.parse("2026-12-07T12:00:00.123Z"));
    }
}

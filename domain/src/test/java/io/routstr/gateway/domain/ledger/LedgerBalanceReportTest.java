package io.routstr.gateway.domain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LedgerBalanceReportTest {

    @Test
    void depositsEqualBalancesPlusChargesFeesRefundsAndWithdrawalsLessReversals() {
        Map<LedgerEntryType, Long> totals = Map.of(
                LedgerEntryType.DEPOSIT, 10_000L,
                LedgerEntryType.CHARGE, 2_000L,
                LedgerEntryType.FEE, 100L,
                LedgerEntryType.REFUND, 3_000L,
                LedgerEntryType.WITHDRAWAL, 1_000L,
                LedgerEntryType.REVERSAL, 1_000L,
                LedgerEntryType.SHORTFALL, 999L,
                LedgerEntryType.PAYOUT, 50_000L);

        LedgerBalanceReport report = new LedgerBalanceReport(totals, 4_900, 0);

        assertThat(report.expectedBalances()).isEqualTo(4_900);
        assertThat(report.holds()).isTrue();
    }

    @Test
    void theDiscrepancySaysWhetherMoneyWasCreatedOrLost() {
        Map<LedgerEntryType, Long> totals = Map.of(LedgerEntryType.DEPOSIT, 1_000L);

        assertThat(new LedgerBalanceReport(totals, 1_001, 0).discrepancy()).isEqualTo(1);
        assertThat(new LedgerBalanceReport(totals, 999, 0).discrepancy()).isEqualTo(-1);
    }

    @Test
    void aBalanceMovementNeedsItsKey() {
        assertThatThrownBy(() -> new LedgerEntry(
                        UUID.randomUUID(),
                        LedgerEntryType.CHARGE,
                        Optional.empty(),
                        Msats.of(1),
                        Optional.empty(),
                        Optional.empty(),
                        Instant.now()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

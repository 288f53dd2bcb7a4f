package io.routstr.gateway.domain.ledger;

import java.util.Map;
import java.util.Objects;

/**
 * The ledger invariant at one moment: the totals per entry type against the sum of all key balances.
 *
 * <p>Holds when {@code Σ effect(type) × total(type) = Σ balances}, which is Routstr's
 * {@code deposits = balances + charges + refunds} with every movement type accounted for.
 */
public record LedgerBalanceReport(Map<LedgerEntryType, Long> totalsByType, long sumOfBalances, long sumOfReserved) {

    public LedgerBalanceReport {
        Objects.requireNonNull(totalsByType, "totals");
        totalsByType = Map.copyOf(totalsByType);
    }

    public long total(LedgerEntryType type) {
        return totalsByType.getOrDefault(type, 0L);
    }

    /** What the ledger says customers hold in total. */
    public long expectedBalances() {
        long sum = 0;
        for (var entry : totalsByType.entrySet()) {
            sum = Math.addExact(sum, Math.multiplyExact(entry.getValue(), (long)
                    entry.getKey().balanceEffect()));
        }
        return sum;
    }

    /** Positive when keys hold more than the ledger explains (money created), negative when less (money lost). */
    public long discrepancy() {
        return sumOfBalances - expectedBalances();
    }

    public boolean holds() {
        return discrepancy() == 0;
    }
}

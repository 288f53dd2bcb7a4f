package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.admin.OwnerWithdrawalPort;
import io.routstr.gateway.domain.admin.OwnerWithdrawal;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link OwnerWithdrawalPort} in memory: claims are checked one at a time (one lock, as the database's advisory lock)
 * against the owner funds of their mint and unit, and a paid withdrawal books its PAYOUT and MINT_FEE entries in the
 * {@link InMemoryAccounts} ledger once.
 */
public final class InMemoryOwnerWithdrawals implements OwnerWithdrawalPort {

    private final Map<UUID, OwnerWithdrawal> rows = new LinkedHashMap<>();
    private final InMemoryAccounts ledger;

    public InMemoryOwnerWithdrawals(InMemoryAccounts ledger) {
        this.ledger = ledger;
    }

    public InMemoryOwnerWithdrawals() {
        this(new InMemoryAccounts());
    }

    /** The states of every withdrawal, in the order claimed. */
    public synchronized List<OwnerWithdrawal.State> states() {
        return rows.values().stream().map(OwnerWithdrawal::state).toList();
    }

    @Override
    public synchronized Optional<Long> claim(OwnerWithdrawal withdrawal, long ownerFunds) {
        long open = rows.values().stream()
                .filter(w -> w.mint().equals(withdrawal.mint()) && w.unit().equals(withdrawal.unit()))
                .filter(w -> isUnfinished(w.state()))
                .mapToLong(OwnerWithdrawal::amount)
                .sum();
        if (Math.addExact(open, withdrawal.amount()) > ownerFunds) {
            return Optional.of(open);
        }
        rows.put(withdrawal.id(), with(withdrawal, OwnerWithdrawal.State.CLAIMED, withdrawal.detail()));
        return Optional.empty();
    }

    @Override
    public synchronized void markPaid(UUID id, Msats paid, Msats mintFee, Instant now) {
        OwnerWithdrawal w = rows.get(id);
        if (w == null || !isUnfinished(w.state())) {
            return; // finished before: booked then
        }
        rows.put(id, with(w, OwnerWithdrawal.State.PAID, w.detail()));
        String reference = "admin-withdrawal:" + id;
        ledger.bookOwnerSide(LedgerEntryType.PAYOUT, paid, reference, now);
        if (mintFee.isPositive()) {
            ledger.bookOwnerSide(LedgerEntryType.MINT_FEE, mintFee, reference, now);
        }
    }

    @Override
    public synchronized void markUnpaid(UUID id, OwnerWithdrawal.State state, String detail, Instant now) {
        if (state != OwnerWithdrawal.State.FAILED && state != OwnerWithdrawal.State.UNKNOWN) {
            throw new IllegalArgumentException("unpaid is FAILED or UNKNOWN");
        }
        OwnerWithdrawal w = rows.get(id);
        if (w != null && isUnfinished(w.state())) {
            String shortDetail = detail == null ? null : detail.substring(0, Math.min(detail.length(), 500));
            rows.put(id, with(w, state, Optional.ofNullable(shortDetail)));
        }
    }

    @Override
    public synchronized List<OwnerWithdrawal> latest(int limit) {
        return rows.values().stream()
                .sorted(Comparator.comparing(OwnerWithdrawal::createdAt)
                        .reversed()
                        .thenComparing(OwnerWithdrawal::id))
                .limit(limit)
                .toList();
    }

    private static boolean isUnfinished(OwnerWithdrawal.State state) {
        return state == OwnerWithdrawal.State.CLAIMED || state == OwnerWithdrawal.State.UNKNOWN;
    }

    private static OwnerWithdrawal with(OwnerWithdrawal w, OwnerWithdrawal.State state, Optional<String> detail) {
        return new OwnerWithdrawal(
                w.id(), w.mint(), w.unit(), w.amount(), w.destination(), state, detail, w.createdAt());
    }
}

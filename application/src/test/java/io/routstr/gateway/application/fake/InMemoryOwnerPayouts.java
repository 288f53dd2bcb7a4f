package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.OwnerPayoutPort;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.payout.OwnerPayout;
import io.routstr.gateway.domain.payout.OwnerPayoutId;
import io.routstr.gateway.domain.payout.OwnerPayoutStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link OwnerPayoutPort} in memory, with the database's rule of one unfinished payout; marking one paid books its
 * owner-side PAYOUT entry in the {@link InMemoryAccounts} ledger under the same lock. Refunds in flight are set by the
 * test ({@link #refundsInFlight(Msats)}), as the fake keeps no refunds of its own.
 */
public final class InMemoryOwnerPayouts implements OwnerPayoutPort {

    private final Map<OwnerPayoutId, OwnerPayout> stored = new LinkedHashMap<>();
    private final InMemoryAccounts ledger;
    private Msats refundsInFlight = Msats.ZERO;

    public InMemoryOwnerPayouts(InMemoryAccounts ledger) {
        this.ledger = ledger;
    }

    public InMemoryOwnerPayouts() {
        this(new InMemoryAccounts());
    }

    /** Customer refunds debited but not yet paid, at whichever mint is asked. */
    public synchronized void refundsInFlight(Msats amount) {
        refundsInFlight = amount;
    }

    /** Every payout stored, in the order opened. */
    public synchronized List<OwnerPayout> all() {
        return List.copyOf(stored.values());
    }

    @Override
    public synchronized boolean open(OwnerPayout payout) {
        if (findUnfinished().isPresent() || stored.containsKey(payout.id())) {
            return false;
        }
        stored.put(payout.id(), payout);
        return true;
    }

    @Override
    public synchronized Optional<OwnerPayout> findUnfinished() {
        return stored.values().stream().filter(p -> !p.status().isFinal()).findFirst();
    }

    @Override
    public synchronized Optional<OwnerPayout> find(OwnerPayoutId id) {
        return Optional.ofNullable(stored.get(id));
    }

    @Override
    public synchronized boolean recordQuote(OwnerPayoutId id, QuoteId quoteId, Instant now) {
        OwnerPayout p = stored.get(id);
        if (p == null || p.status() != OwnerPayoutStatus.OPEN) {
            return false;
        }
        stored.put(id, with(p, p.status(), Optional.of(quoteId), now));
        return true;
    }

    @Override
    public synchronized boolean markUnresolved(OwnerPayoutId id, Instant now) {
        return move(id, List.of(OwnerPayoutStatus.OPEN), OwnerPayoutStatus.UNRESOLVED, now);
    }

    @Override
    public synchronized boolean markPaid(OwnerPayoutId id, Instant now) {
        if (!move(id, List.of(OwnerPayoutStatus.OPEN, OwnerPayoutStatus.UNRESOLVED), OwnerPayoutStatus.PAID, now)) {
            return false;
        }
        ledger.bookOwnerSide(LedgerEntryType.PAYOUT, stored.get(id).amount(), id.ledgerReference(), now);
        return true;
    }

    @Override
    public synchronized boolean markFailed(OwnerPayoutId id, Instant now) {
        return move(id, List.of(OwnerPayoutStatus.OPEN, OwnerPayoutStatus.UNRESOLVED), OwnerPayoutStatus.FAILED, now);
    }

    @Override
    public synchronized Msats refundsInFlight(MintUrl mint, CurrencyUnit unit) {
        return refundsInFlight;
    }

    @Override
    public synchronized List<OwnerPayout> recent(int limit) {
        return stored.values().stream()
                .sorted(Comparator.comparing(OwnerPayout::createdAt).reversed())
                .limit(limit)
                .toList();
    }

    private boolean move(OwnerPayoutId id, List<OwnerPayoutStatus> from, OwnerPayoutStatus to, Instant now) {
        OwnerPayout p = stored.get(id);
        if (p == null || !from.contains(p.status())) {
            return false;
        }
        stored.put(id, with(p, to, p.quoteId(), now));
        return true;
    }

    private static OwnerPayout with(OwnerPayout p, OwnerPayoutStatus status, Optional<QuoteId> quote, Instant now) {
        return new OwnerPayout(
                p.id(), p.mint(), p.unit(), p.amount(), p.lightningAddress(), status, quote, p.createdAt(), now);
    }
}

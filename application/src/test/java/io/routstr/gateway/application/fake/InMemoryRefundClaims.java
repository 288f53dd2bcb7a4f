package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.BalancePort.DebitResult;
import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.application.port.out.RefundClaimPort;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.refund.RefundClaim;
import io.routstr.gateway.domain.refund.RefundId;
import io.routstr.gateway.domain.refund.RefundStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refund claims in memory, debiting and crediting through {@link InMemoryAccounts} under its lock, so that opening a
 * claim and its debit (and a reversal and its credit) happen together as in one database transaction.
 */
public final class InMemoryRefundClaims implements RefundClaimPort {

    private final InMemoryAccounts accounts;
    private final EcashPaymentLogPort payments;
    private final Map<RefundId, RefundClaim> claims = new LinkedHashMap<>();
    private final List<Flush> flushes = new ArrayList<>();

    /** Claims that record an {@code X-Cashu} payment's change in {@code payments}, with the claim's completion. */
    public InMemoryRefundClaims(InMemoryAccounts accounts, EcashPaymentLogPort payments) {
        this.accounts = accounts;
        this.payments = payments;
    }

    /** Claims for tests without {@code X-Cashu} payments: a change they record goes to a log of their own. */
    public InMemoryRefundClaims(InMemoryAccounts accounts) {
        this(accounts, new InMemoryEcashPayments());
    }

    /** How each claim asked to be opened, in order: whether its commit waited for the disk. */
    public synchronized List<Flush> openingFlushes() {
        return List.copyOf(flushes);
    }

    @Override
    public OpenResult open(RefundClaim claim, Msats expectedBalance, Instant now, Flush flush) {
        synchronized (this) {
            flushes.add(flush);
        }
        synchronized (accounts) {
            synchronized (this) {
                Optional<RefundClaim> unfinished = findUnfinished(claim.keyId());
                if (unfinished.isPresent()) {
                    return new OpenResult.AlreadyClaimed(unfinished.get());
                }
                DebitResult debit = accounts.debitForPayout(
                        claim.keyId(),
                        expectedBalance,
                        claim.amount(),
                        claim.ledgerType(),
                        claim.id().ledgerReference(),
                        now);
                if (debit == DebitResult.BALANCE_CHANGED) {
                    boolean reserved = accounts.findById(claim.keyId())
                            .map(ApiKey::reserved)
                            .filter(Msats::isPositive)
                            .isPresent();
                    return reserved ? new OpenResult.RequestsInFlight() : new OpenResult.BalanceChanged();
                }
                RefundClaim stored = with(claim, RefundStatus.OPEN, claim.quoteId(), claim.token(), now);
                claims.put(claim.id(), stored);
                return new OpenResult.Opened(stored);
            }
        }
    }

    @Override
    public synchronized Optional<RefundClaim> find(RefundId id) {
        return Optional.ofNullable(claims.get(id));
    }

    @Override
    public synchronized Optional<RefundClaim> findUnfinished(ApiKeyId keyId) {
        return claims.values().stream()
                .filter(c -> c.keyId().equals(keyId) && !c.status().isFinal())
                .findFirst();
    }

    @Override
    public synchronized Optional<RefundClaim> findLastCompleted(ApiKeyId keyId) {
        return claims.values().stream()
                .filter(c -> c.keyId().equals(keyId) && c.status() == RefundStatus.COMPLETED)
                .reduce((first, second) -> second);
    }

    @Override
    public synchronized boolean recordQuote(RefundId id, QuoteId quoteId, Instant now) {
        RefundClaim claim = claims.get(id);
        if (claim == null || claim.status() != RefundStatus.OPEN) {
            return false;
        }
        claims.put(id, with(claim, RefundStatus.OPEN, Optional.of(quoteId), claim.token(), now));
        return true;
    }

    @Override
    public synchronized boolean complete(RefundId id, Optional<String> token, Instant now) {
        RefundClaim claim = claims.get(id);
        if (claim == null || claim.status().isFinal()) {
            return false;
        }
        claims.put(id, with(claim, RefundStatus.COMPLETED, claim.quoteId(), token, now));
        return true;
    }

    @Override
    public synchronized boolean completeAsChange(
            RefundId id, Optional<String> token, TokenFingerprint paidBy, Msats changeAmount, Instant now) {
        if (!complete(id, token, now)) {
            return false;
        }
        // Under this fake's lock, as the database does it in the claim's own statement.
        payments.changeIssued(paidBy, token, changeAmount, now);
        return true;
    }

    @Override
    public synchronized boolean markUnresolved(RefundId id, Instant now) {
        RefundClaim claim = claims.get(id);
        if (claim == null || claim.status() != RefundStatus.OPEN) {
            return false;
        }
        claims.put(id, with(claim, RefundStatus.UNRESOLVED, claim.quoteId(), claim.token(), now));
        return true;
    }

    @Override
    public boolean reverse(RefundId id, Instant now) {
        synchronized (accounts) {
            synchronized (this) {
                RefundClaim claim = claims.get(id);
                if (claim == null || claim.status().isFinal()) {
                    return false;
                }
                claims.put(id, with(claim, RefundStatus.REVERSED, claim.quoteId(), claim.token(), now));
                accounts.reverseDebit(claim.keyId(), claim.amount(), claim.id().ledgerReference(), now);
                return true;
            }
        }
    }

    @Override
    public synchronized List<RefundClaim> claimStale(
            Instant openedBefore, Instant touchedBefore, Instant now, int limit) {
        List<RefundClaim> due = claims.values().stream()
                .filter(c -> (c.status() == RefundStatus.OPEN && c.createdAt().isBefore(openedBefore))
                        || c.status() == RefundStatus.UNRESOLVED)
                .filter(c -> c.updatedAt().isBefore(touchedBefore))
                .sorted(Comparator.comparing(RefundClaim::createdAt))
                .limit(limit)
                .toList();
        due.forEach(c -> claims.put(c.id(), with(c, c.status(), c.quoteId(), c.token(), now)));
        return due.stream().map(c -> claims.get(c.id())).toList();
    }

    private static RefundClaim with(
            RefundClaim c, RefundStatus status, Optional<QuoteId> quoteId, Optional<String> token, Instant now) {
        return new RefundClaim(c.id(), c.keyId(), c.amount(), c.target(), status, quoteId, token, c.createdAt(), now);
    }
}

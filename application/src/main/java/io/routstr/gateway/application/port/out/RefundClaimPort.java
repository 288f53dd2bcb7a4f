package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.refund.RefundClaim;
import io.routstr.gateway.domain.refund.RefundId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: refunds as durable claims (Routstr's {@code refunds} table, reference §17). Opening a claim debits the key in
 * the same transaction, so a debit never exists without the claim that explains it; every later step is a
 * compare-and-set on the claim's status, so the request that pays and the reconciler that resolves a stuck claim never
 * both finish it. A key has at most one claim that is not final.
 */
public interface RefundClaimPort {

    /**
     * In one transaction: takes {@code claim.amount()} off the key if its balance is still {@code expectedBalance} and
     * nothing is reserved on it, books the claim's ledger type under {@code claim.id().ledgerReference()}, and stores
     * the claim {@code OPEN}. Nothing happens unless all of it does.
     */
    default OpenResult open(RefundClaim claim, Msats expectedBalance, Instant now) {
        return open(claim, expectedBalance, now, Flush.AWAITED);
    }

    /**
     * {@link #open(RefundClaim, Msats, Instant)}, whose commit returns before it is on disk when {@code flush} is
     * {@link Flush#LEFT_TO_NEXT_COMMIT}.
     */
    OpenResult open(RefundClaim claim, Msats expectedBalance, Instant now, Flush flush);

    /**
     * Whether opening a claim waits for its commit to reach the disk. The database writes its log in order, so a commit
     * that does not wait is on disk as soon as any later commit that does wait is, and a crash of the database loses it
     * only together with everything committed after it. A claim may leave its flush to the next commit only when
     * nothing outside the database (a mint call, a Lightning payment, an answer) can follow its opening before a
     * commit that waits: an ecash payout's write-ahead does, before its mint call, and so does the claim's completion
     * or reversal, before the answer.
     */
    enum Flush {
        /** The opening returns once its commit is on disk (PostgreSQL's default). */
        AWAITED,

        /** The opening returns at once; the next commit that waits flushes it ({@code synchronous_commit = off}). */
        LEFT_TO_NEXT_COMMIT
    }

    Optional<RefundClaim> find(RefundId id);

    /** The key's claim that is not final, if any. */
    Optional<RefundClaim> findUnfinished(ApiKeyId keyId);

    /** The key's most recent completed claim, if any. */
    Optional<RefundClaim> findLastCompleted(ApiKeyId keyId);

    /** Records the melt quote of an {@code OPEN} claim before paying it; false if the claim is no longer open. */
    boolean recordQuote(RefundId id, QuoteId quoteId, Instant now);

    /** {@code OPEN | UNRESOLVED → COMPLETED}, keeping the token handed out (if any); false if already final. */
    boolean complete(RefundId id, Optional<String> token, Instant now);

    /**
     * {@link #complete}, for a refund that pays an {@code X-Cashu} payment's change: in the same commit the payment of
     * the token with fingerprint {@code paidBy} is finished with this token and {@code changeAmount}, as
     * {@link EcashPaymentLogPort#changeIssued} records it (unless it was finished before). One commit for the change,
     * and no moment at which the claim is complete but the payment's change not findable with the original token.
     * False, and nothing written, if the claim was already final.
     */
    boolean completeAsChange(
            RefundId id, Optional<String> token, TokenFingerprint paidBy, Msats changeAmount, Instant now);

    /** {@code OPEN → UNRESOLVED}: the payout's outcome is unknown; false if the claim was not open. */
    boolean markUnresolved(RefundId id, Instant now);

    /**
     * In one transaction: {@code OPEN | UNRESOLVED → REVERSED} and the amount put back on the key, booked as a
     * REVERSAL under the claim's reference; false (and nothing moved) if the claim was already final.
     */
    boolean reverse(RefundId id, Instant now);

    /**
     * Claims to reconcile: {@code OPEN} ones opened before {@code openedBefore} and {@code UNRESOLVED} ones, in both cases
     * last touched before {@code touchedBefore}; leased to the caller by touching them now, so another instance
     * reconciling at the same time gets other ones. Oldest first.
     */
    List<RefundClaim> claimStale(Instant openedBefore, Instant touchedBefore, Instant now, int limit);

    /** What opening a claim found. */
    sealed interface OpenResult {
        record Opened(RefundClaim claim) implements OpenResult {}

        /** The key already has a claim that is not final: no second one, no second debit. */
        record AlreadyClaimed(RefundClaim existing) implements OpenResult {}

        /** Something is reserved on the key: a request is in flight. Nothing was debited. */
        record RequestsInFlight() implements OpenResult {}

        /** The balance moved since it was read. Nothing was debited. */
        record BalanceChanged() implements OpenResult {}
    }
}

package io.routstr.gateway.application.port.in.key;

import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.refund.RefundId;
import java.util.Optional;

/** What came of a refund. */
public sealed interface RefundOutcome {

    /**
     * Paid {@code amount} as {@code token} or to {@code recipient} under claim {@code refundId}; {@code keptOnKey} is a
     * sub-sat remainder a sat mint cannot carry, left on the key rather than forfeited. A retry after a lost answer
     * gets the same claim and token again while the token is unspent. {@code changeRecorded}: the refund was asked as
     * an {@code X-Cashu} payment's change, and this payout's completion recorded that change in the same commit.
     */
    record Refunded(
            RefundId refundId,
            Msats amount,
            Optional<String> token,
            Optional<String> recipient,
            Msats keptOnKey,
            boolean changeRecorded)
            implements RefundOutcome {

        /** A refund whose completion recorded no {@code X-Cashu} change. */
        public Refunded(
                RefundId refundId, Msats amount, Optional<String> token, Optional<String> recipient, Msats keptOnKey) {
            this(refundId, amount, token, recipient, keptOnKey, false);
        }

        @Override
        public String toString() {
            return "Refunded[refundId=" + refundId + ", amount=" + amount + ", keptOnKey=" + keptOnKey + "]";
        }
    }

    /** Nothing the key's mint can pay is left (Routstr's {@code No balance to refund}). */
    record NothingToRefund() implements RefundOutcome {}

    /** Some balance, but less than the smallest amount the key's mint can pay (under 1 sat on a sat mint). */
    record BalanceTooSmall(Msats balance) implements RefundOutcome {}

    record ChildKeyCannotRefund() implements RefundOutcome {}

    record RequestsInFlight() implements RefundOutcome {}

    /** The balance moved between reading and debiting it; nothing was paid. Retry. */
    record BalanceChanged() implements RefundOutcome {}

    /** Another refund of this key is being paid right now; its answer will carry the money. */
    record RefundInProgress(RefundId refundId) implements RefundOutcome {}

    /** An earlier refund's outcome is unknown; the reconciler completes or reverses it. */
    record RefundUnresolved(RefundId refundId) implements RefundOutcome {}

    /** The payout failed and the balance was put back. */
    record PayoutFailed(String reason, boolean mintUnreachable) implements RefundOutcome {}

    /**
     * Nothing was paid because the key's mint's ecash is held by other payouts in flight; the balance was put back.
     * Retry shortly.
     */
    record PayoutTemporarilyUnavailable(String reason) implements RefundOutcome {}

    /** The mint may have paid; the debit is held under claim {@code refundId} until the reconciler resolves it. */
    record PayoutOutcomeUnknown(RefundId refundId, String reason) implements RefundOutcome {}

    record UnknownKey() implements RefundOutcome {}
}

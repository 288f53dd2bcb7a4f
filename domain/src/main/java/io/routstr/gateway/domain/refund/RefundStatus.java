package io.routstr.gateway.domain.refund;

/**
 * Life of a refund claim: {@code OPEN → COMPLETED | REVERSED}, or {@code OPEN → UNRESOLVED → COMPLETED | REVERSED}
 * when the mint's answer was lost. A key has at most one claim that is not final.
 */
public enum RefundStatus {
    /** Debited; the payout is being made. */
    OPEN,
    /** Debited; the payout may or may not have happened, and the reconciler finds out which. */
    UNRESOLVED,
    /** Paid: the token (or the Lightning payment) is the customer's. */
    COMPLETED,
    /** Not paid: the debit was put back on the key. */
    REVERSED;

    public boolean isFinal() {
        return this == COMPLETED || this == REVERSED;
    }

    /** The wire name ({@code status} in refund answers). */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package io.routstr.gateway.application.port.in.key;

import io.routstr.gateway.domain.money.Msats;
import java.util.Optional;

/** What came of a refund. */
public sealed interface RefundOutcome {

    /**
     * Paid {@code amount} as {@code token} or to {@code recipient}; {@code keptOnKey} is a sub-sat remainder a sat
     * mint cannot carry, left on the key rather than forfeited.
     */
    record Refunded(Msats amount, Optional<String> token, Optional<String> recipient, Msats keptOnKey)
            implements RefundOutcome {}

    record NothingToRefund() implements RefundOutcome {}

    /** Some balance, but less than the smallest amount the key's mint can pay (under 1 sat on a sat mint). */
    record BalanceTooSmall(Msats balance) implements RefundOutcome {}

    record ChildKeyCannotRefund() implements RefundOutcome {}

    record RequestsInFlight() implements RefundOutcome {}

    /** The balance moved between reading and debiting it; nothing was paid. Retry. */
    record BalanceChanged() implements RefundOutcome {}

    /** The payout failed and the balance was put back. */
    record PayoutFailed(String reason, boolean mintUnreachable) implements RefundOutcome {}

    /** The mint may have paid; the debit is kept until reconciled so nothing is paid twice. */
    record PayoutOutcomeUnknown(String reason) implements RefundOutcome {}

    record UnknownKey() implements RefundOutcome {}
}

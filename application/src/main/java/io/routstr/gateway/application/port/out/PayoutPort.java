package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.money.Msats;

/**
 * Port: paying a key's balance back to its owner, as an ecash token from the key's mint or over Lightning to its
 * refund address. Implemented by the Cashu wallet.
 */
public interface PayoutPort {

    /** The part of {@code balance} a payout to {@code target} can carry (a sat mint carries whole sats only). */
    Msats payableAmount(RefundTarget target, Msats balance);

    PayoutResult pay(RefundTarget target, Msats amount, String reference);

    /** What became of a payout. */
    sealed interface PayoutResult {
        /**
         * Paid: {@code token} is the ecash handed out, or empty when paid to a Lightning address; {@code mintFee} is
         * what the mint kept for making it (the node's cost, booked as {@code MINT_FEE}).
         */
        record Paid(Msats amount, java.util.Optional<String> token, java.util.Optional<String> recipient, Msats mintFee)
                implements PayoutResult {
            public Paid(Msats amount, java.util.Optional<String> token, java.util.Optional<String> recipient) {
                this(amount, token, recipient, Msats.ZERO);
            }
        }

        /** Definitely not paid: the debit may be reversed. */
        record Failed(String reason, boolean mintUnreachable) implements PayoutResult {}

        /** The mint may or may not have paid (a timeout after sending): the debit stays until reconciled. */
        record OutcomeUnknown(String reason) implements PayoutResult {}
    }
}

package io.routstr.gateway.application.port.in.proxy;

import io.routstr.gateway.application.port.in.billing.ReserveOutcome;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.ReservationId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Who pays for one proxied request, and how: hold the most it may cost before it is forwarded, then charge what it
 * cost or release the hold. The forwarding logic knows only this interface, so a new way to pay (an {@code X-Cashu}
 * token per request) is a new implementation, not a change to forwarding.
 *
 * <p>Every hold ends in exactly one {@link #charge} or {@link #release}; both are idempotent.
 */
public interface RequestPayer {

    /** Holds {@code maxCost}; the hold may be larger (the node's minimum reservation). */
    HoldOutcome hold(Msats maxCost);

    /**
     * Charges {@code cost} against {@code hold} (an overrun is charged as far as the payer's funds allow), booking what
     * it paid for ({@code details}) with the charge.
     */
    PaymentReceipt charge(PaymentHold hold, Msats cost, ChargeDetails details);

    /** Gives {@code hold} back in full: the request failed. */
    void release(PaymentHold hold);

    /**
     * Gives {@code hold} back in full because the request holds anew (a pricier fallback, Routstr §4.4): the request
     * goes on under its new hold, so the usage counts it once, by that hold, not also as a request given back.
     */
    void supersede(PaymentHold hold);

    /**
     * Makes {@code hold} survive a crash of the database before anything it pays for reaches the client (a stream,
     * which sends before it is charged; a whole answer waits for its charge, whose commit does the same). Whether it is
     * still held: {@code false} when it is gone, and nothing may be sent on its strength.
     */
    boolean makeDurable(PaymentHold hold);

    /**
     * Money held for one request, by the reservation that holds it; {@code standing} when it is a standing hold the
     * request took over (its payer may keep it for the key's next request).
     */
    record PaymentHold(ReservationId reservation, Msats amount, Optional<Standing> standing) {
        public PaymentHold {
            Objects.requireNonNull(reservation, "reservation");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(standing, "standing");
        }

        /** A request's own hold. */
        public PaymentHold(ReservationId reservation, Msats amount) {
            this(reservation, amount, Optional.empty());
        }

        /**
         * A standing hold taken over: when its reservation was placed (a hold kept for request after request is
         * placed again before the sweep of holds over the maximum request age could take it), and the key's expiry
         * as the hold saw it.
         */
        public record Standing(Instant heldSince, Optional<Instant> keyValidUntil) {
            public Standing {
                Objects.requireNonNull(heldSince, "held since");
                Objects.requireNonNull(keyValidUntil, "key valid until");
            }
        }
    }

    /** What came of a hold. */
    sealed interface HoldOutcome {
        record Held(PaymentHold hold) implements HoldOutcome {}

        /** The payer cannot pay; {@code reason} says why, in the reservation's terms. */
        record Refused(ReserveOutcome reason) implements HoldOutcome {}
    }

    /**
     * What a charge did: {@code charged} (never more than the funds allow) and, when the payer has a balance, what it
     * can still spend.
     */
    record PaymentReceipt(Msats charged, Optional<Msats> remainingBalance) {
        public PaymentReceipt {
            Objects.requireNonNull(charged, "charged");
            Objects.requireNonNull(remainingBalance, "remaining balance");
        }
    }
}

package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.money.Msats;
import java.util.Objects;
import java.util.Optional;

/**
 * Port: turn a payee's Lightning address or LNURL-pay link into a BOLT11 invoice for an exact amount, so ecash can
 * be melted to it (refunds to a key's refund address, periodic payouts). Implemented by the LNURL client.
 *
 * <p>The address is user input: a Lightning address {@code user@host} (LUD-16), a bech32 {@code lnurl1…} (LUD-01,
 * case-insensitive, optionally behind {@code lightning:}), a {@code lnurlp://} link (LUD-17) or an {@code https://}
 * LNURL-pay URL (LUD-06). Every expected failure comes back as {@link InvoiceResult.Refused}; an exception means a
 * bug.
 */
public interface LightningAddressPort {

    /**
     * Asks the payee's LNURL-pay service for an invoice of exactly {@code amount}; a positive amount is the caller's
     * responsibility.
     */
    InvoiceResult requestInvoice(String address, Msats amount);

    /** What came of asking for an invoice. */
    sealed interface InvoiceResult {

        /** A BOLT11 invoice whose encoded amount equals {@code amount}. */
        record Invoice(String bolt11, Msats amount) implements InvoiceResult {
            public Invoice {
                Objects.requireNonNull(bolt11, "bolt11");
                Objects.requireNonNull(amount, "amount");
                if (bolt11.isBlank()) {
                    throw new IllegalArgumentException("an invoice cannot be blank");
                }
                if (!amount.isPositive()) {
                    throw new IllegalArgumentException("an invoice must carry a positive amount");
                }
            }
        }

        /**
         * No invoice: {@code message} explains why in words fit for the payee (it never names an internal address).
         * {@code sendable} is present exactly when the reason is {@link Reason#AMOUNT_OUT_OF_RANGE}, so a caller can
         * retry with an amount the service accepts.
         */
        record Refused(Reason reason, String message, Optional<SendableRange> sendable) implements InvoiceResult {
            public Refused {
                Objects.requireNonNull(reason, "reason");
                Objects.requireNonNull(message, "message");
                Objects.requireNonNull(sendable, "sendable");
                if (sendable.isPresent() != (reason == Reason.AMOUNT_OUT_OF_RANGE)) {
                    throw new IllegalArgumentException("a sendable range goes with AMOUNT_OUT_OF_RANGE only");
                }
            }

            public Refused(Reason reason, String message) {
                this(reason, message, Optional.empty());
            }

            public static Refused outOfRange(Msats requested, SendableRange sendable) {
                return new Refused(
                        Reason.AMOUNT_OUT_OF_RANGE,
                        "the service accepts " + sendable.min().value() + " to "
                                + sendable.max().value() + " msats, not " + requested.value(),
                        Optional.of(sendable));
            }
        }
    }

    /** Why no invoice was obtained. */
    enum Reason {
        /** Not a Lightning address or LNURL-pay link, or a link of another kind (withdraw, channel, auth). */
        INVALID_ADDRESS,
        /** The link leads somewhere the node must not connect to: a private or reserved address, plain http, Tor. */
        FORBIDDEN_DESTINATION,
        /** The host could not be resolved or reached in time. */
        UNREACHABLE,
        /** The amount lies outside the service's {@code minSendable}..{@code maxSendable} (LUD-06). */
        AMOUNT_OUT_OF_RANGE,
        /** The service answered with an error status (LUD-06 {@code {"status":"ERROR"}} or a non-2xx HTTP status). */
        SERVICE_ERROR,
        /** The service answered with something that is not a valid pay request or invoice for this amount. */
        BAD_RESPONSE
    }

    /** The inclusive amount range an LNURL-pay service accepts (LUD-06 {@code minSendable}/{@code maxSendable}). */
    record SendableRange(Msats min, Msats max) {
        public SendableRange {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            if (min.isGreaterThan(max)) {
                throw new IllegalArgumentException("minSendable " + min + " exceeds maxSendable " + max);
            }
        }

        public boolean contains(Msats amount) {
            return amount.isAtLeast(min) && !amount.isGreaterThan(max);
        }
    }
}

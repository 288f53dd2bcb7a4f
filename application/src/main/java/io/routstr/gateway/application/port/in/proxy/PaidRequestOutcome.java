package io.routstr.gateway.application.port.in.proxy;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.proxy.ModelId;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What came of a paid request. {@code returnedToken} is the ecash an {@code X-Cashu} client gets back in the
 * {@code X-Cashu} response header: the change of a served request, the whole value of one that failed after
 * redemption, or the paying token itself when the node did not take it.
 */
public sealed interface PaidRequestOutcome {

    Optional<String> returnedToken();

    /** A whole answer, billed. */
    record Answered(ForwardOutcome.Completed answer, Optional<String> returnedToken) implements PaidRequestOutcome {
        public Answered {
            Objects.requireNonNull(answer, "answer");
            Objects.requireNonNull(returnedToken, "returned token");
        }
    }

    /** A stream, written to the sink and billed; {@code clientGone} when the client left before its end. */
    record Streamed(RequestBill bill, boolean clientGone, Optional<String> returnedToken)
            implements PaidRequestOutcome {
        public Streamed {
            Objects.requireNonNull(bill, "bill");
            Objects.requireNonNull(returnedToken, "returned token");
        }
    }

    /** Every upstream tried failed; nothing was charged. */
    record UpstreamFailed(ForwardOutcome.UpstreamFailed failure, Optional<String> returnedToken)
            implements PaidRequestOutcome {
        public UpstreamFailed {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(returnedToken, "returned token");
        }
    }

    /**
     * Refused by the node; nothing was charged.
     *
     * @param message what the client is told
     * @param details what the client is told besides the message (amounts, the limit's name), when there is more
     * @param retryAfter when a retry may succeed, for refusals that pass
     */
    record Refused(
            PaidRequestError error,
            String message,
            Optional<RefusalDetails> details,
            Optional<Duration> retryAfter,
            Optional<String> returnedToken)
            implements PaidRequestOutcome {
        public Refused {
            Components.requireNonNull(Refused.class, error, message, details, retryAfter, returnedToken);
        }

        public static Refused of(PaidRequestError error, String message) {
            return new Refused(error, message, Optional.empty(), Optional.empty(), Optional.empty());
        }

        /** The same refusal, handing {@code token} back to the client. */
        public Refused returning(Optional<String> token) {
            return new Refused(error, message, details, retryAfter, token);
        }
    }

    /** What a refusal tells besides its message. */
    sealed interface RefusalDetails {

        /** An {@code X-Cashu} token worth less than the request's maximum cost (Routstr's minimum_balance_required). */
        record TokenTooSmall(Msats required, Msats tokenValue, ModelId model) implements RefusalDetails {
            public TokenTooSmall {
                Objects.requireNonNull(required, "required");
                Objects.requireNonNull(tokenValue, "token value");
                Objects.requireNonNull(model, "model");
            }
        }

        /** A key's rate limit: its name ({@code requests_per_minute}, …) and value. */
        record RateLimit(String name, long value) implements RefusalDetails {
            public RateLimit {
                Objects.requireNonNull(name, "name");
            }
        }
    }
}

package io.routstr.gateway.application.port.in.proxy;

import io.routstr.gateway.application.port.in.billing.ReserveOutcome;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.proxy.ModelId;
import io.routstr.gateway.domain.proxy.UpstreamError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What came of a forwarded request. Only {@link Streamed} has written to the sink. */
public sealed interface ForwardOutcome {

    /** A whole answer, billed: {@code body} is what the client gets, the bill already written into a JSON answer. */
    record Completed(int status, Map<String, List<String>> headers, byte[] body, String contentType, RequestBill bill)
            implements ForwardOutcome {}

    /** A streamed answer, written to the sink and billed; {@code clientGone} when the client left before its end. */
    record Streamed(RequestBill bill, boolean clientGone) implements ForwardOutcome {}

    /**
     * Every candidate failed; nothing was charged. {@code upstreamUnavailable} when the
     * upstream was down, answered 5xx or timed out: Routstr's 424 {@code UPSTREAM_UNAVAILABLE} (§17), which its
     * clients fail over on; otherwise the upstream's own refusal (a 429, a 4xx) passed on with its status.
     */
    record UpstreamFailed(int status, UpstreamError error, Optional<Duration> retryAfter, boolean upstreamUnavailable)
            implements ForwardOutcome {
        public UpstreamFailed {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(retryAfter, "retry after");
        }
    }

    /** The payer could not cover the request's maximum cost; nothing was forwarded. */
    record PaymentRefused(ReserveOutcome reason) implements ForwardOutcome {}

    /** No enabled provider serves the model. */
    record UnknownModel(ModelId model) implements ForwardOutcome {}

    /** The request needs a price in sats and no BTC/USD rate was ever obtained. */
    record PriceUnavailable() implements ForwardOutcome {}

    record InvalidRequest(String message) implements ForwardOutcome {}
}

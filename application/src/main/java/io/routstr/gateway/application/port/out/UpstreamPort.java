package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.provider.ModelRoute;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.proxy.SseEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Port: forwarding one request to one upstream provider. The implementation owns connect, first-byte and idle
 * timeouts, per-provider circuit breaking and concurrency limits, credentials, model-id rewriting and dialect
 * translation; it never retries on its own, so that the caller decides about failover and money.
 */
public interface UpstreamPort {

    UpstreamOutcome send(UpstreamRequest request);

    /**
     * A request for {@code route}: {@code body} is the client's JSON (the implementation rewrites the model id and, for
     * streams, asks for usage), {@code clientHeaders} what the client sent (the implementation drops credentials and
     * hop-by-hop headers), {@code clientModel} the model name the client used, echoed back in responses.
     */
    record UpstreamRequest(
            ModelRoute route,
            ApiEndpoint endpoint,
            String path,
            Map<String, Object> body,
            Map<String, List<String>> clientHeaders,
            String clientModel,
            boolean stream) {

        public UpstreamRequest {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(clientHeaders, "client headers");
            Objects.requireNonNull(clientModel, "client model");
        }
    }

    /** What came back: a whole answer, an open stream of events, or a failure before anything was received. */
    sealed interface UpstreamOutcome {

        /** A successful (2xx) answer read in full; {@code json} is the body parsed when it is a JSON object. */
        record Answered(
                int status,
                Map<String, List<String>> headers,
                byte[] body,
                String contentType,
                Optional<Map<String, Object>> json)
                implements UpstreamOutcome {}

        /** A successful (2xx) event stream, open; the caller must close it. */
        record Streaming(int status, Map<String, List<String>> headers, EventStream events)
                implements UpstreamOutcome {}

        record Failed(UpstreamFailure failure) implements UpstreamOutcome {}
    }

    /** The events of an upstream stream, read one at a time on the caller's thread. */
    interface EventStream extends AutoCloseable {

        /** The next event, waiting at most {@code maxWait} (and never longer than the provider's idle timeout). */
        StreamRead next(Duration maxWait);

        /** Stops reading and lets the connection go; idempotent. */
        @Override
        void close();
    }

    /** One read from a stream. */
    sealed interface StreamRead {
        record Event(SseEvent event) implements StreamRead {}

        /** The upstream ended the stream. */
        record End() implements StreamRead {}

        /** Nothing arrived within the wait; the stream is still open. */
        record Stalled() implements StreamRead {}

        /** The stream broke (connection reset, idle timeout); nothing more will come. */
        record Broken(String reason) implements StreamRead {}
    }

    /**
     * Why a request failed before its answer began.
     *
     * @param status the upstream's HTTP status, 0 when there was no answer
     * @param body the upstream's error normalised to {@code {"error":{message,type,code}}}
     */
    record UpstreamFailure(
            FailureKind kind, int status, Map<String, Object> body, Optional<Duration> retryAfter, String message) {

        public UpstreamFailure {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(retryAfter, "retry after");
            Objects.requireNonNull(message, "message");
        }

        /**
         * Whether the upstream certainly did not process the request, so that sending it elsewhere cannot run it
         * twice: it was never delivered (connection refused, circuit open, no free slot), or the upstream said so
         * (503, or 429 with {@code Retry-After}).
         */
        public boolean certainlyNotProcessed() {
            return switch (kind) {
                case CONNECT_FAILED, CIRCUIT_OPEN, BULKHEAD_FULL, UNAVAILABLE -> true;
                case RATE_LIMITED -> retryAfter.isPresent();
                case TIMEOUT, HTTP_ERROR, BROKEN -> false;
            };
        }
    }

    /** The classes of failure the caller treats differently. */
    enum FailureKind {
        /** The connection could not be made (refused, unresolvable host, connect timeout). */
        CONNECT_FAILED,
        /** The provider's circuit breaker is open: the call was not attempted. */
        CIRCUIT_OPEN,
        /** The provider's concurrency limit is reached: the call was not attempted. */
        BULKHEAD_FULL,
        /** 503 from the upstream. */
        UNAVAILABLE,
        /** 429 from the upstream. */
        RATE_LIMITED,
        /** No first byte within the first-byte timeout, or the answer stalled. */
        TIMEOUT,
        /** Any other non-2xx answer. */
        HTTP_ERROR,
        /** The connection broke while the answer was read. */
        BROKEN
    }
}

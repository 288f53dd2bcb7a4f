package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.provider.ModelRoute;
import io.routstr.gateway.domain.proxy.LlmRequest;
import io.routstr.gateway.domain.proxy.UpstreamError;
import io.routstr.gateway.domain.usage.TokenUsage;
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
     * {@code request} for {@code route}, sent to {@code path}: the implementation rewrites the payload's model id and,
     * for streams, asks for usage; {@code clientHeaders} are what the client sent (the implementation drops
     * credentials and hop-by-hop headers). Answers echo the model name the client used.
     */
    record UpstreamRequest(ModelRoute route, String path, LlmRequest request, Map<String, List<String>> clientHeaders) {

        public UpstreamRequest {
            Components.requireNonNull(UpstreamRequest.class, route, path, request, clientHeaders);
        }
    }

    /** What came back: a whole answer, an open stream of events, or a failure before anything was received. */
    sealed interface UpstreamOutcome {

        /** A successful (2xx) answer read in full. */
        record Answered(int status, Map<String, List<String>> headers, UpstreamAnswer answer)
                implements UpstreamOutcome {
            public Answered {
                Objects.requireNonNull(headers, "headers");
                Objects.requireNonNull(answer, "answer");
            }
        }

        /** A successful (2xx) event stream, open; the caller must close it. */
        record Streaming(int status, Map<String, List<String>> headers, EventStream events)
                implements UpstreamOutcome {}

        record Failed(UpstreamFailure failure) implements UpstreamOutcome {}
    }

    /** A whole answer, read and understood by the implementation, which writes it out with its bill stamped in. */
    interface UpstreamAnswer {

        /** The usage the upstream reported, normalised; empty when it reported none. */
        Optional<TokenUsage> usage();

        /** Characters of generated text (and tool calls, reasoning), for an estimate when there is no usage. */
        long generatedCharacters();

        /** The media type of {@link #renderWithBill}. */
        String contentType();

        /**
         * The answer as the client gets it: a JSON answer with the bill written in (Routstr §4.9: {@code usage.cost},
         * {@code cost}, {@code provider}), anything else as the upstream sent it.
         */
        byte[] renderWithBill(RequestBill bill);
    }

    /**
     * The events of an upstream stream, read one at a time on the caller's thread. Events that carry the usage or
     * end the answer are withheld by the implementation and written by {@link #trailer} once the request is billed.
     */
    interface EventStream extends AutoCloseable {

        /** The next event, waiting at most {@code maxWait} (and never longer than the provider's idle timeout). */
        StreamRead next(Duration maxWait);

        /**
         * What ends the stream for the client, with {@code bill} written in (Routstr §4.7): the withheld final events,
         * the usage chunk when the client asked for it (or when nothing else can carry the bill), and the end marker
         * the upstream sent, or for a chat stream {@code cut} at the maximum lifetime the one it would have sent.
         */
        byte[] trailer(RequestBill bill, boolean cut);

        /** Stops reading and lets the connection go; idempotent. */
        @Override
        void close();
    }

    /** What the stream carried, typed. */
    sealed interface UpstreamEvent {

        /** Generated content (text, tool-call arguments, reasoning) to pass on as it is; {@code wire} is opaque. */
        record Delta(byte[] wire, long generatedCharacters) implements UpstreamEvent {
            public Delta {
                Objects.requireNonNull(wire, "wire");
            }
        }

        /**
         * An event the implementation withholds for the {@link EventStream#trailer}; what it generated still counts
         * for an estimate.
         */
        record Withheld(long generatedCharacters) implements UpstreamEvent {}

        /**
         * The usage reported so far, normalised (empty while nothing usable came); {@code complete} when no more will
         * come, so that a drain can stop.
         */
        record Usage(Optional<TokenUsage> usage, boolean complete) implements UpstreamEvent {
            public Usage {
                Objects.requireNonNull(usage, "usage");
            }
        }
    }

    /** One read from a stream. */
    sealed interface StreamRead {
        record Event(UpstreamEvent event) implements StreamRead {}

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
     * @param error the upstream's error, in OpenAI's terms
     */
    record UpstreamFailure(
            FailureKind kind, int status, UpstreamError error, Optional<Duration> retryAfter, String message) {

        public UpstreamFailure {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(error, "error");
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

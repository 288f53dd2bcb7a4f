package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.UpstreamPort;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.proxy.UpstreamError;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An upstream that answers from a script, in typed events: whole answers render as {@code billed <msats>} and a
 * stream's trailer as {@code trailer <msats>[ cut]}, so that a test sees what was billed into what the client got.
 */
public final class ScriptedUpstream implements UpstreamPort {

    public final Deque<UpstreamOutcome> outcomes = new ArrayDeque<>();
    public final List<UpstreamRequest> requests = new ArrayList<>();

    @Override
    public UpstreamOutcome send(UpstreamRequest request) {
        requests.add(request);
        return outcomes.remove();
    }

    /** A whole answer that reported {@code usage} and generated {@code characters} of text. */
    public static UpstreamOutcome answer(Optional<TokenUsage> usage, long characters) {
        return new UpstreamOutcome.Answered(200, Map.of(), new UpstreamAnswer() {
            @Override
            public Optional<TokenUsage> usage() {
                return usage;
            }

            @Override
            public long generatedCharacters() {
                return characters;
            }

            @Override
            public String contentType() {
                return "text/plain";
            }

            @Override
            public byte[] renderWithBill(RequestBill bill) {
                return utf8("billed " + bill.charged().value());
            }
        });
    }

    /** A whole answer that reported {@code input} and {@code output} tokens. */
    public static UpstreamOutcome answer(long input, long output) {
        return answer(Optional.of(TokenUsage.of(input, output)), 0);
    }

    /** A failure of {@code kind} with the upstream's {@code status} (0 for none). */
    public static UpstreamOutcome failure(FailureKind kind, int status) {
        return new UpstreamOutcome.Failed(
                new UpstreamFailure(kind, status, UpstreamError.of("", "upstream_error", "x"), Optional.empty(), "x"));
    }

    /** A stream of {@code events}, then its end. */
    public static UpstreamOutcome stream(UpstreamEvent... events) {
        Events stream = new Events();
        for (UpstreamEvent event : events) {
            stream.then(event);
        }
        return new UpstreamOutcome.Streaming(200, Map.of(), stream);
    }

    /** Generated text passed on as it is. */
    public static UpstreamEvent delta(String text) {
        return new UpstreamEvent.Delta(utf8(text), text.codePointCount(0, text.length()));
    }

    /** Generated text the upstream adapter withholds for the trailer. */
    public static UpstreamEvent withheld(String text) {
        return new UpstreamEvent.Withheld(text.codePointCount(0, text.length()));
    }

    /** The upstream's complete usage. */
    public static UpstreamEvent usage(long input, long output) {
        return new UpstreamEvent.Usage(Optional.of(TokenUsage.of(input, output)), true);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A stream read step by step from a script; each step may look at how long the reader is willing to wait. */
    public static final class Events implements EventStream {
        private final Deque<Function<Duration, StreamRead>> steps = new ArrayDeque<>();
        private Function<Duration, StreamRead> afterwards = wait -> new StreamRead.End();
        public boolean closed;

        public void then(UpstreamEvent event) {
            steps.add(wait -> new StreamRead.Event(event));
        }

        public void then(Function<Duration, StreamRead> step) {
            steps.add(step);
        }

        /** What every read answers once the script is done. */
        public void afterwards(Function<Duration, StreamRead> step) {
            afterwards = step;
        }

        @Override
        public StreamRead next(Duration maxWait) {
            Function<Duration, StreamRead> step = steps.poll();
            return (step != null ? step : afterwards).apply(maxWait);
        }

        @Override
        public byte[] trailer(RequestBill bill, boolean cut) {
            return utf8("trailer " + bill.charged().value() + (cut ? " cut" : ""));
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}

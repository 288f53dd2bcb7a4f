package io.routstr.gateway.bootstrap.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.routstr.gateway.application.port.out.UpstreamPort;
import io.routstr.gateway.domain.pricing.RequestBill;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Metrics around the upstream port, so that the application never sees Micrometer: requests per provider, endpoint
 * and outcome ({@code routstr_upstream_requests_total}), the time to the upstream's first byte
 * ({@code routstr_upstream_first_byte_seconds}), how long each call took to its end
 * ({@code routstr_upstream_duration_seconds}, streams included) and the real time to the first token of a stream
 * ({@code routstr_upstream_time_to_first_token_seconds}). It also tells the request being timed how long it waited on
 * upstreams, so that the gateway's own overhead can be told apart. Tags are low-cardinality: a provider is its type and
 * host, the model the catalogue's id, never a key or a model a client made up.
 */
public final class MeteredUpstreamPort implements UpstreamPort {

    private final UpstreamPort delegate;
    private final MeterRegistry registry;

    public MeteredUpstreamPort(UpstreamPort delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public UpstreamOutcome send(UpstreamRequest request) {
        long start = System.nanoTime();
        RequestTimings.current().ifPresent(timings -> timings.attempted(request.route()));
        UpstreamOutcome outcome;
        try {
            outcome = delegate.send(request);
        } finally {
            long waited = System.nanoTime() - start;
            RequestTimings.current().ifPresent(timings -> timings.waitedOnUpstream(waited));
        }
        long firstByte = System.nanoTime() - start;
        String provider = request.route().provider().label();
        String endpoint = request.request().endpoint().name().toLowerCase(Locale.ROOT);
        registry.counter(
                        "routstr.upstream.requests",
                        "provider",
                        provider,
                        "endpoint",
                        endpoint,
                        "outcome",
                        name(outcome))
                .increment();
        Timer.builder("routstr.upstream.first.byte")
                .description("Time from sending a request upstream to its first byte or failure")
                .tags("provider", provider, "endpoint", endpoint)
                .register(registry)
                .record(firstByte, TimeUnit.NANOSECONDS);
        return switch (outcome) {
            case UpstreamOutcome.Answered answered -> {
                recordDuration(request, name(answered), firstByte);
                yield answered;
            }
            case UpstreamOutcome.Failed failed -> {
                recordDuration(request, name(failed), firstByte);
                yield failed;
            }
            case UpstreamOutcome.Streaming streaming ->
                new UpstreamOutcome.Streaming(
                        streaming.status(),
                        streaming.headers(),
                        new TimedEventStream(streaming.events(), request, start));
        };
    }

    private static String name(UpstreamOutcome outcome) {
        return switch (outcome) {
            case UpstreamOutcome.Answered ignored -> "answered";
            case UpstreamOutcome.Streaming ignored -> "streaming";
            case UpstreamOutcome.Failed failed -> failed.failure().kind().name().toLowerCase(Locale.ROOT);
        };
    }

    private void recordDuration(UpstreamRequest request, String outcome, long nanos) {
        Timer.builder("routstr.upstream.duration")
                .description("Time from sending a request upstream to the end of its answer or stream")
                .tags(tags(request))
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofMinutes(30))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private static String[] tags(UpstreamRequest request) {
        return new String[] {
            "provider", request.route().provider().label(),
            "model", request.route().modelId(),
            "endpoint", request.request().endpoint().name().toLowerCase(Locale.ROOT)
        };
    }

    /** Times the reads of one stream: the first event's arrival, the waits, and the stream's end. */
    private final class TimedEventStream implements EventStream {

        private final EventStream events;
        private final UpstreamRequest request;
        private final long start;
        private boolean firstSeen;
        private boolean recorded;

        TimedEventStream(EventStream events, UpstreamRequest request, long start) {
            this.events = events;
            this.request = request;
            this.start = start;
        }

        @Override
        public StreamRead next(Duration maxWait) {
            long before = System.nanoTime();
            StreamRead read = events.next(maxWait);
            long after = System.nanoTime();
            RequestTimings.current().ifPresent(timings -> timings.waitedOnUpstream(after - before));
            switch (read) {
                case StreamRead.Event ignored -> {
                    if (!firstSeen) {
                        firstSeen = true;
                        Timer.builder("routstr.upstream.time.to.first.token")
                                .description("Time from sending a streamed request upstream to its first event")
                                .tags(tags(request))
                                .publishPercentileHistogram()
                                .minimumExpectedValue(Duration.ofMillis(5))
                                .maximumExpectedValue(Duration.ofMinutes(5))
                                .register(registry)
                                .record(after - start, TimeUnit.NANOSECONDS);
                    }
                }
                case StreamRead.End ignored -> finish("streamed", after);
                case StreamRead.Broken ignored -> finish("broken", after);
                case StreamRead.Stalled ignored -> {}
            }
            return read;
        }

        @Override
        public byte[] trailer(RequestBill bill, boolean cut) {
            return events.trailer(bill, cut);
        }

        @Override
        public void close() {
            finish("closed", System.nanoTime());
            events.close();
        }

        private void finish(String outcome, long at) {
            if (!recorded) {
                recorded = true;
                recordDuration(request, outcome, at - start);
            }
        }
    }
}

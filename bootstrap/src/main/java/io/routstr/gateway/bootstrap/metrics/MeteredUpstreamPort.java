package io.routstr.gateway.bootstrap.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.routstr.gateway.application.port.out.UpstreamPort;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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
    /**
     * Each route's meters, found in the registry once and kept (a lookup builds and hashes the meter's id, which cost
     * more CPU per call than the counting). Keys are low-cardinality: a provider label, a catalogue model, an endpoint.
     */
    private final ConcurrentMap<Series, SeriesMeters> series = new ConcurrentHashMap<>();

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
        SeriesMeters meters = series.computeIfAbsent(
                new Series(
                        request.route().provider().label(),
                        request.route().modelId().value(),
                        request.request().endpoint()),
                SeriesMeters::new);
        meters.requests(name(outcome)).increment();
        meters.firstByte.record(firstByte, TimeUnit.NANOSECONDS);
        return switch (outcome) {
            case UpstreamOutcome.Answered answered -> {
                meters.duration(name(answered)).record(firstByte, TimeUnit.NANOSECONDS);
                yield answered;
            }
            case UpstreamOutcome.Failed failed -> {
                meters.duration(name(failed)).record(firstByte, TimeUnit.NANOSECONDS);
                yield failed;
            }
            case UpstreamOutcome.Streaming streaming ->
                new UpstreamOutcome.Streaming(
                        streaming.status(),
                        streaming.headers(),
                        new TimedEventStream(streaming.events(), meters, start));
        };
    }

    private static String name(UpstreamOutcome outcome) {
        return switch (outcome) {
            case UpstreamOutcome.Answered ignored -> "answered";
            case UpstreamOutcome.Streaming ignored -> "streaming";
            case UpstreamOutcome.Failed failed -> failed.failure().kind().name().toLowerCase(Locale.ROOT);
        };
    }

    private record Series(String provider, String model, ApiEndpoint endpoint) {}

    /**
     * The meters of one provider, model and endpoint, each registered at its first use, so that no series appears
     * before it has something to say (a time to first token only once a stream was served).
     */
    private final class SeriesMeters {

        private final String provider;
        private final String model;
        private final String endpoint;
        private final Timer firstByte;
        private final ConcurrentMap<String, Counter> requests = new ConcurrentHashMap<>();
        private final ConcurrentMap<String, Timer> durations = new ConcurrentHashMap<>();
        private volatile Timer timeToFirstToken;

        SeriesMeters(Series series) {
            this.provider = series.provider();
            this.model = series.model();
            this.endpoint = series.endpoint().name().toLowerCase(Locale.ROOT);
            // Without the model tag: the routes of one provider share it, and the registry hands each the same timer.
            this.firstByte = Timer.builder("routstr.upstream.first.byte")
                    .description("Time from sending a request upstream to its first byte or failure")
                    .tags("provider", provider, "endpoint", endpoint)
                    .register(registry);
        }

        Counter requests(String outcome) {
            return requests.computeIfAbsent(
                    outcome,
                    o -> registry.counter(
                            "routstr.upstream.requests", "provider", provider, "endpoint", endpoint, "outcome", o));
        }

        Timer duration(String outcome) {
            return durations.computeIfAbsent(
                    outcome,
                    o -> Timer.builder("routstr.upstream.duration")
                            .description("Time from sending a request upstream to the end of its answer or stream")
                            .tags("provider", provider, "model", model, "endpoint", endpoint)
                            .tag("outcome", o)
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofMillis(5))
                            .maximumExpectedValue(Duration.ofMinutes(30))
                            .register(registry));
        }

        Timer timeToFirstToken() {
            Timer timer = timeToFirstToken;
            if (timer == null) {
                // Two first streams may both get here: the registry hands both the same timer.
                timer = Timer.builder("routstr.upstream.time.to.first.token")
                        .description("Time from sending a streamed request upstream to its first event")
                        .tags("provider", provider, "model", model, "endpoint", endpoint)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(5))
                        .maximumExpectedValue(Duration.ofMinutes(5))
                        .register(registry);
                timeToFirstToken = timer;
            }
            return timer;
        }
    }

    /** Times the reads of one stream: the first event's arrival, the waits, and the stream's end. */
    private static final class TimedEventStream implements EventStream {

        private final EventStream events;
        private final SeriesMeters meters;
        private final long start;
        private boolean firstSeen;
        private boolean recorded;

        TimedEventStream(EventStream events, SeriesMeters meters, long start) {
            this.events = events;
            this.meters = meters;
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
                        meters.timeToFirstToken().record(after - start, TimeUnit.NANOSECONDS);
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
                meters.duration(outcome).record(at - start, TimeUnit.NANOSECONDS);
            }
        }
    }
}

package io.routstr.gateway.bootstrap.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.routstr.gateway.application.port.out.UpstreamPort;
import java.util.Locale;

/**
 * Metrics around the upstream port, so that the application never sees Micrometer: requests per provider, endpoint
 * and outcome ({@code routstr_upstream_requests_total}) and the time to the upstream's first byte
 * ({@code routstr_upstream_first_byte_seconds}). Tags are low-cardinality: a provider is its type and host, never a
 * key or a model a client made up.
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
        UpstreamOutcome outcome = delegate.send(request);
        String provider = request.route().provider().label();
        String endpoint = request.request().endpoint().name().toLowerCase(Locale.ROOT);
        String result = switch (outcome) {
            case UpstreamOutcome.Answered ignored -> "answered";
            case UpstreamOutcome.Streaming ignored -> "streaming";
            case UpstreamOutcome.Failed failed -> failed.failure().kind().name().toLowerCase(Locale.ROOT);
        };
        registry.counter("routstr.upstream.requests", "provider", provider, "endpoint", endpoint, "outcome", result)
                .increment();
        Timer.builder("routstr.upstream.first.byte")
                .description("Time from sending a request upstream to its first byte or failure")
                .tags("provider", provider, "endpoint", endpoint)
                .register(registry)
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        return outcome;
    }
}

package io.routstr.gateway.bootstrap.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestCommand;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestUseCase;
import io.routstr.gateway.application.port.in.proxy.ForwardOutcome;
import io.routstr.gateway.application.port.in.proxy.ResponseSink;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Metrics around forwarding a paid request, so that the application never sees Micrometer: requests by outcome
 * ({@code routstr_requests_total}), msats charged ({@code routstr_spend_msats_total}), tokens by type
 * ({@code routstr_tokens_total}), the whole request's duration, the gateway's own share of it (total minus the time
 * spent waiting on upstreams, {@code routstr_gateway_overhead_seconds}), failovers to another provider, clients that
 * left a stream early, and requests in flight on this instance (each holds a reservation).
 *
 * <p>It also counts what requests cost beyond what they held and were charged, which the node absorbs
 * ({@code routstr_billing_shortfall_msats_total} and {@code routstr_billing_shortfall_requests_total}, by provider
 * type). A reservation bounds every request, so these stay at zero unless an upstream bills beyond its own limits: any
 * increase is worth an alert.
 *
 * <p>The model tag is the catalogue id of the route that served (learned from the upstream decorator), never what a
 * client typed: a request that reached no upstream is tagged {@code none}, so that made-up names cannot grow the
 * series without bound.
 */
public final class MeteredForwardLlmRequest implements ForwardLlmRequestUseCase {

    private static final String NONE = "none";

    private final ForwardLlmRequestUseCase delegate;
    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    /**
     * Each series' meter, found in the registry once and kept: a lookup builds the meter's id (its tags sorted and
     * checked) and hashes it, which cost more CPU per request than all the counting. Every key is low-cardinality (an
     * endpoint, an outcome, a catalogue model and provider), so these hold no more series than the registry does.
     */
    private final Map<ApiEndpoint, EndpointMeters> endpoints = new EnumMap<>(ApiEndpoint.class);

    private final ConcurrentMap<RequestSeries, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<ServedBy, BillMeters> bills = new ConcurrentHashMap<>();

    public MeteredForwardLlmRequest(ForwardLlmRequestUseCase delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
        registry.gauge("routstr.requests.in.flight", inFlight);
        // Rare events start at zero, so that their series exist (and alerts and panels have data) before the first.
        for (ApiEndpoint endpoint : ApiEndpoint.values()) {
            endpoints.put(endpoint, new EndpointMeters(endpoint.name().toLowerCase(Locale.ROOT)));
        }
    }

    @Override
    public ForwardOutcome forward(ForwardLlmRequestCommand command, ResponseSink sink) {
        long start = System.nanoTime();
        RequestTimings timings = RequestTimings.start();
        inFlight.incrementAndGet();
        String outcomeTag = "error";
        Optional<RequestBill> bill = Optional.empty();
        EndpointMeters meters = endpoints.get(command.endpoint());
        try {
            ForwardOutcome outcome = delegate.forward(command, sink);
            outcomeTag = outcomeName(outcome);
            bill = billOf(outcome);
            if (outcome instanceof ForwardOutcome.Streamed streamed && streamed.clientGone()) {
                meters.clientAborts.increment();
            }
            return outcome;
        } finally {
            inFlight.decrementAndGet();
            timings.finish();
            record(meters, timings, outcomeTag, bill, System.nanoTime() - start);
        }
    }

    private void record(
            EndpointMeters meters,
            RequestTimings timings,
            String outcome,
            Optional<RequestBill> bill,
            long totalNanos) {
        String model = timings.lastRoute().map(route -> route.modelId().value()).orElse(NONE);
        String provider =
                timings.lastRoute().map(route -> route.provider().label()).orElse(NONE);
        requests.computeIfAbsent(
                        new RequestSeries(meters.endpoint, model, provider, outcome),
                        series -> Counter.builder("routstr.requests")
                                .description("Paid LLM requests by outcome (LiteLLM: litellm_requests_metric)")
                                .tags(
                                        "endpoint",
                                        series.endpoint(),
                                        "model",
                                        series.model(),
                                        "provider",
                                        series.provider(),
                                        "outcome",
                                        series.outcome())
                                .register(registry))
                .increment();
        meters.duration(outcome).record(totalNanos, TimeUnit.NANOSECONDS);
        meters.overhead().record(Math.max(0, totalNanos - timings.upstreamNanos()), TimeUnit.NANOSECONDS);
        if (timings.attempts() > 1) {
            meters.failovers.increment(timings.attempts() - 1);
        }
        bill.ifPresent(b -> recordBill(b, model, provider));
    }

    private void recordBill(RequestBill bill, String model, String provider) {
        BillMeters meters = bills.computeIfAbsent(new ServedBy(model, provider), BillMeters::new);
        meters.spend.increment(bill.charged().value());
        if (bill.shortfall().isPositive()) {
            countShortfall(bill);
        }
        TokenUsage usage = bill.usage();
        meters.input.increment(usage.inputTokens());
        meters.output.increment(usage.outputTokens());
        meters.cacheRead.increment(usage.cacheReadTokens());
        meters.cacheWrite.increment(usage.cacheWriteTokens());
        meters.reasoning.increment(usage.reasoningTokens());
    }

    /** Rare (an upstream that billed beyond its own limits): looked up when it happens. */
    private void countShortfall(RequestBill bill) {
        Counter.builder("routstr.billing.shortfall.msats")
                .description("Cost of served requests beyond what they held, absorbed by the node")
                .baseUnit("msats")
                .tag("provider", bill.provider())
                .register(registry)
                .increment(bill.shortfall().value());
        Counter.builder("routstr.billing.shortfall.requests")
                .description("Served requests that cost more than they held")
                .tag("provider", bill.provider())
                .register(registry)
                .increment();
    }

    private static String outcomeName(ForwardOutcome outcome) {
        return switch (outcome) {
            case ForwardOutcome.Completed ignored -> "completed";
            case ForwardOutcome.Streamed streamed -> streamed.clientGone() ? "client_gone" : "streamed";
            case ForwardOutcome.UpstreamFailed failed ->
                failed.upstreamUnavailable() ? "upstream_unavailable" : "upstream_refused";
            case ForwardOutcome.PaymentRefused ignored -> "payment_refused";
            case ForwardOutcome.UnknownModel ignored -> "unknown_model";
            case ForwardOutcome.PriceUnavailable ignored -> "price_unavailable";
            case ForwardOutcome.InvalidRequest ignored -> "invalid_request";
        };
    }

    private static Optional<RequestBill> billOf(ForwardOutcome outcome) {
        return switch (outcome) {
            case ForwardOutcome.Completed completed -> Optional.of(completed.bill());
            case ForwardOutcome.Streamed streamed -> Optional.of(streamed.bill());
            default -> Optional.empty();
        };
    }

    private record RequestSeries(String endpoint, String model, String provider, String outcome) {}

    private record ServedBy(String model, String provider) {}

    /**
     * One endpoint's meters. Failovers and client aborts are registered at once (rare events start at zero); the
     * histograms only at the endpoint's first request, so that an endpoint never used exports none.
     */
    private final class EndpointMeters {

        private final String endpoint;
        private final Counter failovers;
        private final Counter clientAborts;
        private final ConcurrentMap<String, Timer> durations = new ConcurrentHashMap<>();
        private volatile Timer overhead;

        EndpointMeters(String endpoint) {
            this.endpoint = endpoint;
            this.failovers = Counter.builder("routstr.failovers")
                    .description("Requests sent on to another provider after one failed before answering")
                    .tag("endpoint", endpoint)
                    .register(registry);
            this.clientAborts = Counter.builder("routstr.client.aborts")
                    .description("Streams whose client left before their end (still billed for what was generated)")
                    .tag("endpoint", endpoint)
                    .register(registry);
        }

        Timer duration(String outcome) {
            return durations.computeIfAbsent(
                    outcome,
                    o -> Timer.builder("routstr.request.duration")
                            .description("Time the node spent on a paid request, from its payment to its last byte")
                            .tags("endpoint", endpoint, "outcome", o)
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofMillis(1))
                            .maximumExpectedValue(Duration.ofMinutes(30))
                            .register(registry));
        }

        Timer overhead() {
            Timer timer = overhead;
            if (timer == null) {
                // Two first requests may both get here: the registry hands both the same timer.
                timer = Timer.builder("routstr.gateway.overhead")
                        .description(
                                "A request's duration minus the time spent waiting on upstreams: the node's own cost")
                        .tags("endpoint", endpoint)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(100_000))
                        .maximumExpectedValue(Duration.ofSeconds(10))
                        .register(registry);
                overhead = timer;
            }
            return timer;
        }
    }

    /** What a model served by a provider was charged and billed in tokens, by type. */
    private final class BillMeters {

        private final Counter spend;
        private final Counter input;
        private final Counter output;
        private final Counter cacheRead;
        private final Counter cacheWrite;
        private final Counter reasoning;

        BillMeters(ServedBy served) {
            this.spend = Counter.builder("routstr.spend.msats")
                    .description("Msats charged for served requests (LiteLLM: litellm_spend_metric, in USD there)")
                    .baseUnit("msats")
                    .tags("model", served.model(), "provider", served.provider())
                    .register(registry);
            this.input = tokens(served, "input");
            this.output = tokens(served, "output");
            this.cacheRead = tokens(served, "cache_read");
            this.cacheWrite = tokens(served, "cache_write");
            this.reasoning = tokens(served, "reasoning");
        }

        private Counter tokens(ServedBy served, String type) {
            return Counter.builder("routstr.tokens")
                    .description("Tokens billed, by type (LiteLLM: litellm_total_tokens and its input/output split)")
                    .tags("model", served.model(), "provider", served.provider(), "type", type)
                    .register(registry);
        }
    }
}

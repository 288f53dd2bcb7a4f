package io.routstr.gateway.bootstrap.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestCommand;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestUseCase;
import io.routstr.gateway.application.port.in.proxy.ForwardOutcome;
import io.routstr.gateway.application.port.in.proxy.ResponseSink;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.provider.ModelRoute;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
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

    public MeteredForwardLlmRequest(ForwardLlmRequestUseCase delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
        registry.gauge("routstr.requests.in.flight", inFlight);
        // Rare events start at zero, so that their series exist (and alerts and panels have data) before the first.
        for (ApiEndpoint endpoint : ApiEndpoint.values()) {
            failovers(endpoint.name().toLowerCase(Locale.ROOT));
            clientAborts(endpoint.name().toLowerCase(Locale.ROOT));
        }
    }

    private Counter failovers(String endpoint) {
        return Counter.builder("routstr.failovers")
                .description("Requests sent on to another provider after one failed before answering")
                .tag("endpoint", endpoint)
                .register(registry);
    }

    private Counter clientAborts(String endpoint) {
        return Counter.builder("routstr.client.aborts")
                .description("Streams whose client left before their end (still billed for what was generated)")
                .tag("endpoint", endpoint)
                .register(registry);
    }

    @Override
    public ForwardOutcome forward(ForwardLlmRequestCommand command, ResponseSink sink) {
        long start = System.nanoTime();
        RequestTimings timings = RequestTimings.start();
        inFlight.incrementAndGet();
        String outcomeTag = "error";
        Optional<RequestBill> bill = Optional.empty();
        try {
            ForwardOutcome outcome = delegate.forward(command, sink);
            outcomeTag = outcomeName(outcome);
            bill = billOf(outcome);
            if (outcome instanceof ForwardOutcome.Streamed streamed && streamed.clientGone()) {
                clientAborts(endpoint(command)).increment();
            }
            return outcome;
        } finally {
            inFlight.decrementAndGet();
            timings.finish();
            record(command, timings, outcomeTag, bill, System.nanoTime() - start);
        }
    }

    private void record(
            ForwardLlmRequestCommand command,
            RequestTimings timings,
            String outcome,
            Optional<RequestBill> bill,
            long totalNanos) {
        String endpoint = endpoint(command);
        String model = timings.lastRoute().map(ModelRoute::modelId).orElse(NONE);
        String provider =
                timings.lastRoute().map(route -> route.provider().label()).orElse(NONE);
        Counter.builder("routstr.requests")
                .description("Paid LLM requests by outcome (LiteLLM: litellm_requests_metric)")
                .tags("endpoint", endpoint, "model", model, "provider", provider, "outcome", outcome)
                .register(registry)
                .increment();
        Timer.builder("routstr.request.duration")
                .description("Time the node spent on a paid request, from its payment to its last byte")
                .tags("endpoint", endpoint, "outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(30))
                .register(registry)
                .record(totalNanos, TimeUnit.NANOSECONDS);
        Timer.builder("routstr.gateway.overhead")
                .description("A request's duration minus the time spent waiting on upstreams: the node's own cost")
                .tags("endpoint", endpoint)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)
                .record(Math.max(0, totalNanos - timings.upstreamNanos()), TimeUnit.NANOSECONDS);
        if (timings.attempts() > 1) {
            failovers(endpoint).increment(timings.attempts() - 1);
        }
        bill.ifPresent(b -> recordBill(b, model, provider));
    }

    private void recordBill(RequestBill bill, String model, String provider) {
        Counter.builder("routstr.spend.msats")
                .description("Msats charged for served requests (LiteLLM: litellm_spend_metric, in USD there)")
                .baseUnit("msats")
                .tags("model", model, "provider", provider)
                .register(registry)
                .increment(bill.charged().value());
        if (bill.shortfall().isPositive()) {
            countShortfall(bill);
        }
        TokenUsage usage = bill.usage();
        tokens(model, provider, "input", usage.inputTokens());
        tokens(model, provider, "output", usage.outputTokens());
        tokens(model, provider, "cache_read", usage.cacheReadTokens());
        tokens(model, provider, "cache_write", usage.cacheWriteTokens());
        tokens(model, provider, "reasoning", usage.reasoningTokens());
    }

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

    private void tokens(String model, String provider, String type, long count) {
        Counter.builder("routstr.tokens")
                .description("Tokens billed, by type (LiteLLM: litellm_total_tokens and its input/output split)")
                .tags("model", model, "provider", provider, "type", type)
                .register(registry)
                .increment(count);
    }

    private static String endpoint(ForwardLlmRequestCommand command) {
        return command.endpoint().name().toLowerCase(Locale.ROOT);
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
}

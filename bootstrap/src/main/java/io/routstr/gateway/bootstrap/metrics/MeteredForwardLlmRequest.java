package io.routstr.gateway.bootstrap.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestCommand;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestUseCase;
import io.routstr.gateway.application.port.in.proxy.ForwardOutcome;
import io.routstr.gateway.application.port.in.proxy.ResponseSink;
import io.routstr.gateway.domain.pricing.RequestBill;
import java.util.Optional;

/**
 * Metrics around forwarding, so that the application never sees Micrometer: what requests cost beyond what they held
 * and were charged, which the node absorbs ({@code routstr_billing_shortfall_msats_total} and
 * {@code routstr_billing_shortfall_requests_total}, by provider type). A reservation bounds every request, so these
 * stay at zero unless an upstream bills beyond its own limits: any increase is worth an alert.
 */
public final class MeteredForwardLlmRequest implements ForwardLlmRequestUseCase {

    private final ForwardLlmRequestUseCase delegate;
    private final MeterRegistry registry;

    public MeteredForwardLlmRequest(ForwardLlmRequestUseCase delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public ForwardOutcome forward(ForwardLlmRequestCommand command, ResponseSink sink) {
        ForwardOutcome outcome = delegate.forward(command, sink);
        billOf(outcome).filter(bill -> bill.shortfall().isPositive()).ifPresent(this::countShortfall);
        return outcome;
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

    private static Optional<RequestBill> billOf(ForwardOutcome outcome) {
        return switch (outcome) {
            case ForwardOutcome.Completed completed -> Optional.of(completed.bill());
            case ForwardOutcome.Streamed streamed -> Optional.of(streamed.bill());
            default -> Optional.empty();
        };
    }
}

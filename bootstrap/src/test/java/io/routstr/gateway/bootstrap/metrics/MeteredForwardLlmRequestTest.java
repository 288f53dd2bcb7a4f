package io.routstr.gateway.bootstrap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.routstr.gateway.application.port.in.proxy.ForwardOutcome;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.CostBasis;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.pricing.RequestCost;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeteredForwardLlmRequestTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static ForwardOutcome streamedWithShortfall(long shortfall) {
        RequestCost cost = new RequestCost(
                Msats.of(100), Msats.of(40), Msats.of(60), Msats.ZERO, Msats.ZERO, BigDecimal.ZERO, CostBasis.TOKENS);
        return new ForwardOutcome.Streamed(
                new RequestBill(
                        cost, Msats.of(100), Optional.empty(), "openai", TokenUsage.of(4, 6), Msats.of(shortfall)),
                false);
    }

    @Test
    void aShortfallIsCountedInMsatsAndRequestsByProvider() {
        MeteredForwardLlmRequest metered =
                new MeteredForwardLlmRequest((command, sink) -> streamedWithShortfall(250), registry);

        metered.forward(null, null);
        metered.forward(null, null);

        assertThat(registry.get("routstr.billing.shortfall.msats")
                        .tag("provider", "openai")
                        .counter()
                        .count())
                .isEqualTo(500.0);
        assertThat(registry.get("routstr.billing.shortfall.requests")
                        .tag("provider", "openai")
                        .counter()
                        .count())
                .isEqualTo(2.0);
    }

    @Test
    void aBillWithinItsHoldCountsNothing() {
        MeteredForwardLlmRequest metered =
                new MeteredForwardLlmRequest((command, sink) -> streamedWithShortfall(0), registry);

        metered.forward(null, null);

        assertThat(registry.find("routstr.billing.shortfall.msats").counter()).isNull();
    }
}

package io.routstr.gateway.domain.usage;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What an upstream says a request cost it in USD (OpenRouter's and PPQ's {@code usage.cost}), before any provider
 * fee, with its input/output split when the upstream gives one.
 */
public record ReportedCost(BigDecimal totalUsd, Optional<BigDecimal> inputUsd, Optional<BigDecimal> outputUsd) {

    public ReportedCost {
        totalUsd = nonNegative(totalUsd, "total");
        Objects.requireNonNull(inputUsd, "input usd");
        Objects.requireNonNull(outputUsd, "output usd");
        inputUsd = inputUsd.map(usd -> nonNegative(usd, "input"));
        outputUsd = outputUsd.map(usd -> nonNegative(usd, "output"));
    }

    public static ReportedCost of(BigDecimal totalUsd) {
        return new ReportedCost(totalUsd, Optional.empty(), Optional.empty());
    }

    public boolean isPositive() {
        return totalUsd.signum() > 0;
    }

    private static BigDecimal nonNegative(BigDecimal usd, String name) {
        Objects.requireNonNull(usd, name);
        if (usd.signum() < 0) {
            throw new IllegalArgumentException(name + " cost cannot be negative: " + usd);
        }
        return usd.stripTrailingZeros();
    }
}

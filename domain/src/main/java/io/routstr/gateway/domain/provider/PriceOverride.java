package io.routstr.gateway.domain.provider;

import io.routstr.gateway.domain.Components;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The operator's price for a model, replacing the catalogue's at every provider (before each provider's fee), or
 * hiding the model when disabled (Routstr §7.2 overrides).
 *
 * @param cacheRead empty: billed at the prompt rate; likewise {@code cacheWrite}
 */
public record PriceOverride(
        String modelId,
        BigDecimal prompt,
        BigDecimal completion,
        BigDecimal request,
        Optional<BigDecimal> cacheRead,
        Optional<BigDecimal> cacheWrite,
        boolean enabled) {

    public PriceOverride {
        Components.requireNonNull(PriceOverride.class, modelId, prompt, completion, request, cacheRead, cacheWrite);
        if (modelId.isBlank()) {
            throw new IllegalArgumentException("an override names a model");
        }
        if (prompt.signum() < 0
                || completion.signum() < 0
                || request.signum() < 0
                || cacheRead.map(BigDecimal::signum).orElse(0) < 0
                || cacheWrite.map(BigDecimal::signum).orElse(0) < 0) {
            throw new IllegalArgumentException("prices are not negative");
        }
    }
}

package io.routstr.gateway.domain.pricing;

import java.math.BigDecimal;

/**
 * The multiplier an upstream provider's prices are marked up by before they are billed (Routstr's
 * {@code provider_fee}).
 *
 * <p>Positive; normally at least 1, but a multiplier below 1 (a discount) is allowed because operators do set one for
 * providers they are billed less by.
 */
public record ProviderFee(BigDecimal multiplier) {

    /** Routstr's database default for a provider row: 1 %. */
    public static final ProviderFee ROUTSTR_DEFAULT = new ProviderFee(new BigDecimal("1.01"));

    /** No mark-up. */
    public static final ProviderFee NONE = new ProviderFee(BigDecimal.ONE);

    public ProviderFee {
        multiplier = Decimals.positive(multiplier, "a provider fee multiplier");
    }

    public static ProviderFee of(String multiplier) {
        return new ProviderFee(new BigDecimal(multiplier));
    }

    /** {@code usd} with this fee applied; exact. */
    public BigDecimal applyTo(BigDecimal usd) {
        return usd.multiply(multiplier);
    }

    /** This fee followed by {@code next}: the multipliers compose by product. */
    public ProviderFee andThen(ProviderFee next) {
        return new ProviderFee(multiplier.multiply(next.multiplier));
    }
}

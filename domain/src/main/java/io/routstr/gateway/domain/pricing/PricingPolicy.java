package io.routstr.gateway.domain.pricing;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.money.Msats;
import java.math.BigDecimal;

/**
 * The operator's billing settings: reservation tolerance, minimum reservation and fixed pricing.
 *
 * @param tolerancePercent how far below the computed maximum the reservation may be ({@code TOLERANCE_PERCENTAGE},
 *     default 1.0), in [0, 100)
 * @param minimumRequest the smallest reservation ({@code MIN_REQUEST_MSAT}, default 1 msat); not a minimum charge
 * @param fixedPricing bill a fixed price instead of the model's price ({@code FIXED_PRICING})
 * @param fixedCostPerRequestSats the reservation under fixed pricing, and the charge when no per-1k rate is set
 *     ({@code FIXED_COST_PER_REQUEST}, default 1 sat)
 * @param fixedPer1kInputSats sats per 1000 input tokens under fixed pricing ({@code FIXED_PER_1K_INPUT_TOKENS})
 * @param fixedPer1kOutputSats sats per 1000 output tokens under fixed pricing ({@code FIXED_PER_1K_OUTPUT_TOKENS})
 */
public record PricingPolicy(
        BigDecimal tolerancePercent,
        Msats minimumRequest,
        boolean fixedPricing,
        long fixedCostPerRequestSats,
        BigDecimal fixedPer1kInputSats,
        BigDecimal fixedPer1kOutputSats) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** Routstr's defaults: 1 % tolerance, 1 msat minimum, model-based pricing. */
    public static final PricingPolicy DEFAULT =
            new PricingPolicy(BigDecimal.ONE, Msats.of(1), false, 1, BigDecimal.ZERO, BigDecimal.ZERO);

    public PricingPolicy {
        Components.requireNonNull(
                PricingPolicy.class, tolerancePercent, minimumRequest, fixedPer1kInputSats, fixedPer1kOutputSats);
        if (tolerancePercent.signum() < 0 || tolerancePercent.compareTo(HUNDRED) >= 0) {
            throw new IllegalArgumentException("tolerance is a percentage in [0, 100): " + tolerancePercent);
        }
        if (!minimumRequest.isPositive()) {
            // A reservation always holds something, so that every request is accounted for.
            throw new IllegalArgumentException("the minimum request cost is positive");
        }
        if (fixedCostPerRequestSats < 0) {
            throw new IllegalArgumentException("fixed cost per request cannot be negative");
        }
        if (fixedPer1kInputSats.signum() < 0 || fixedPer1kOutputSats.signum() < 0) {
            throw new IllegalArgumentException("fixed per-1k rates cannot be negative");
        }
        tolerancePercent = tolerancePercent.stripTrailingZeros();
        fixedPer1kInputSats = fixedPer1kInputSats.stripTrailingZeros();
        fixedPer1kOutputSats = fixedPer1kOutputSats.stripTrailingZeros();
    }

    /** The default policy with fixed pricing on: {@code costPerRequestSats} per request and per-1k token rates. */
    public static PricingPolicy fixed(long costPerRequestSats, BigDecimal per1kInputSats, BigDecimal per1kOutputSats) {
        return new PricingPolicy(
                DEFAULT.tolerancePercent,
                DEFAULT.minimumRequest,
                true,
                costPerRequestSats,
                per1kInputSats,
                per1kOutputSats);
    }

    public PricingPolicy withTolerancePercent(BigDecimal percent) {
        return new PricingPolicy(
                percent,
                minimumRequest,
                fixedPricing,
                fixedCostPerRequestSats,
                fixedPer1kInputSats,
                fixedPer1kOutputSats);
    }

    public PricingPolicy withMinimumRequest(Msats minimum) {
        return new PricingPolicy(
                tolerancePercent,
                minimum,
                fixedPricing,
                fixedCostPerRequestSats,
                fixedPer1kInputSats,
                fixedPer1kOutputSats);
    }

    /** {@code 1 − tolerance/100}: the share of a computed maximum that is reserved. */
    public BigDecimal toleranceFactor() {
        return BigDecimal.ONE.subtract(tolerancePercent.movePointLeft(2));
    }

    /** Whether fixed pricing bills tokens at the per-1k rates (at least one of them is set). */
    public boolean hasFixedTokenRates() {
        return fixedPricing && (fixedPer1kInputSats.signum() > 0 || fixedPer1kOutputSats.signum() > 0);
    }

    /** The fixed per-request cost in msats. */
    public Msats fixedCostPerRequest() {
        return Msats.ofSats(fixedCostPerRequestSats);
    }
}

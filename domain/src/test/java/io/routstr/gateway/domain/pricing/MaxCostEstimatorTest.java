package io.routstr.gateway.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.domain.money.Msats;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MaxCostEstimatorTest {

    /** At 100 000 USD per BTC one msat is one microdollar, so a price of N USD per million tokens is N msats. */
    private static final BtcUsdRate MICRODOLLAR_PER_MSAT = BtcUsdRate.of("100000");

    private static final MaxCostEstimator DEFAULT = new MaxCostEstimator(PricingPolicy.DEFAULT);

    private final ModelPrice tenThousandContext = oneAndTwoMsats(ModelLimits.of(10_000, 2_000));

    private final MaxCostEstimator fixed =
            new MaxCostEstimator(PricingPolicy.fixed(10, BigDecimal.ONE, BigDecimal.ONE));

    /** 1 msat per prompt token, 2 per completion token at {@link #MICRODOLLAR_PER_MSAT}. */
    private static ModelPrice oneAndTwoMsats(ModelLimits limits) {
        return ModelPrice.of(new BigDecimal("0.000001"), new BigDecimal("0.000002"))
                .withLimits(limits);
    }

    /**
     * Routstr's numbers at 50 000 USD per BTC (the price its tests patch in), a $3 / $15 per million model with
     * the default 1.01 provider fee, 128k context and 16k maximum completion.
     */
    private final ModelPrice sonnetLike = ModelPrice.of(new BigDecimal("0.000003"), new BigDecimal("0.000015"))
            .withLimits(ModelLimits.of(128_000, 16_000))
            .withFee(ProviderFee.ROUTSTR_DEFAULT);

    private final BtcUsdRate fiftyThousand = BtcUsdRate.of("50000");

    @Test
    void workedExample_givenNothingAboutTheRequest_reservesTheToleratedMaximum() {
        // max cost = 112 000 · 0.00000303 + 16 000 · 0.00001515 = 0.58176 USD = 1 163 520 msats;
        // 99 % = 1 151 884.8: Routstr truncates to 1 151 884, here it rounds up.
        assertThat(DEFAULT.maxCost(sonnetLike, fiftyThousand, RequestShape.UNKNOWN))
                .isEqualTo(Msats.of(1_151_885));
    }

    @Test
    void workedExample_givenAPromptEstimate_subtractsTheUnusedPromptAllowance() {
        // Unused allowance: 0.99 · 112 000 · 6.06 − 1 000 · 6.06 = 665 872.8 msats.
        // Routstr: 1 151 884 − 665 872 = 486 012; here 1 151 884.8 − 665 872.8, exactly the same.
        assertThat(DEFAULT.maxCost(sonnetLike, fiftyThousand, RequestShape.UNKNOWN.withPromptTokens(1_000)))
                .isEqualTo(Msats.of(486_012));
    }

    @Test
    void workedExample_givenAPromptEstimateAndMaxTokens_reservesExactlyWhatTheyCanCost() {
        // The tolerance cancels out: 1 000 prompt tokens · 6.06 + 1 000 completion tokens · 30.3 msats.
        RequestShape shape = RequestShape.UNKNOWN.withPromptTokens(1_000).withMaxTokens(1_000);

        assertThat(DEFAULT.maxCost(sonnetLike, fiftyThousand, shape)).isEqualTo(Msats.of(36_360));
    }

    @Test
    void givenContextNoLongerThanMaxCompletion_reservesTheContextAtThePricierRate() {
        ModelPrice price = oneAndTwoMsats(ModelLimits.of(8_000, 8_000));

        assertThat(DEFAULT.maxCost(price, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN))
                .isEqualTo(Msats.of(15_840));
    }

    @Test
    void givenContextNoLongerThanMaxCompletion_thePromptEarnsNoDiscount() {
        ModelPrice price = oneAndTwoMsats(ModelLimits.of(8_000, 8_000));

        assertThat(DEFAULT.maxCost(price, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN.withPromptTokens(10)))
                .isEqualTo(Msats.of(15_840));
    }

    @Test
    void givenContextNoLongerThanMaxCompletion_maxTokensDiscountsTheCompletion() {
        ModelPrice price = oneAndTwoMsats(ModelLimits.of(8_000, 8_000));

        // 15 840 − (0.99 · 8 000 · 2 − 100 · 2)
        assertThat(DEFAULT.maxCost(price, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN.withMaxTokens(100)))
                .isEqualTo(Msats.of(200));
    }

    @Test
    void givenOnlyContextLength_reservesItAtThePricierRateAndDiscountsThePrompt() {
        ModelPrice price = oneAndTwoMsats(ModelLimits.contextOnly(8_000));

        assertThat(DEFAULT.maxCost(price, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN))
                .isEqualTo(Msats.of(15_840));
        // 15 840 − (0.99 · 8 000 · 1 − 1 000 · 1)
        assertThat(DEFAULT.maxCost(price, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN.withPromptTokens(1_000)))
                .isEqualTo(Msats.of(8_920));
    }

    @Test
    void givenOnlyContextLength_bothDiscountsTogetherCanReachTheMinimum() {
        // Routstr's rule, kept: each allowance assumes the whole context, so together they exceed the maximum.
        ModelPrice price = oneAndTwoMsats(ModelLimits.contextOnly(8_000));
        RequestShape shape = RequestShape.UNKNOWN.withPromptTokens(1_000).withMaxTokens(1_000);

        assertThat(DEFAULT.maxCost(price, MICRODOLLAR_PER_MSAT, shape)).isEqualTo(Msats.of(1));
    }

    @Test
    void givenOnlyMaxCompletion_reservesTheCompletionAndDiscountsMaxTokens() {
        ModelPrice price = oneAndTwoMsats(ModelLimits.maxCompletionOnly(4_000));

        assertThat(DEFAULT.maxCost(price, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN))
                .isEqualTo(Msats.of(7_920));
        // 7 920 − (7 920 − 1 000 · 2)
        assertThat(DEFAULT.maxCost(price, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN.withMaxTokens(1_000)))
                .isEqualTo(Msats.of(2_000));
    }

    @Test
    void givenNoLimits_usesRoutstrsFallbackMaximum() {
        ModelPrice price = ModelPrice.builder()
                .prompt(new BigDecimal("0.000001"))
                .completion(new BigDecimal("0.000002"))
                .request(new BigDecimal("0.0000001"))
                .build();

        // (1 + 2 + 100 000 · 0.1) msats · 0.99
        assertThat(DEFAULT.maxCost(price, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN))
                .isEqualTo(Msats.of(9_903));
    }

    @Test
    void givenNoLimitsAndNoExtras_endsAtTheMinimum() {
        ModelPrice price = oneAndTwoMsats(ModelLimits.NONE);
        MaxCostEstimator estimator = new MaxCostEstimator(PricingPolicy.DEFAULT.withMinimumRequest(Msats.of(1_000)));

        assertThat(estimator.maxCost(price, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN.withMaxTokens(10)))
                .isEqualTo(Msats.of(1_000));
    }

    @Test
    void givenAPromptLargerThanItsAllowance_earnsNoDiscount() {
        MaxCostEstimator estimator = new MaxCostEstimator(PricingPolicy.DEFAULT);
        Msats full = estimator.maxCost(tenThousandContext, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN);

        assertThat(estimator.maxCost(
                        tenThousandContext, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN.withPromptTokens(9_000)))
                .isEqualTo(full);
    }

    @Test
    void givenMaxTokensAboveTheMaximumCompletion_earnsNoDiscount() {
        Msats full = DEFAULT.maxCost(tenThousandContext, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN);

        assertThat(DEFAULT.maxCost(
                        tenThousandContext, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN.withMaxTokens(50_000)))
                .isEqualTo(full);
    }

    @Test
    void givenMaxOutputTokensOnly_discountsLikeMaxTokens() {
        RequestShape viaMaxTokens = RequestShape.UNKNOWN.withMaxTokens(500);
        RequestShape viaResponses = RequestShape.UNKNOWN.withMaxOutputTokens(500);
        RequestShape viaCompletion = RequestShape.UNKNOWN.withMaxCompletionTokens(500);

        Msats expected = DEFAULT.maxCost(tenThousandContext, MICRODOLLAR_PER_MSAT, viaMaxTokens);
        assertThat(DEFAULT.maxCost(tenThousandContext, MICRODOLLAR_PER_MSAT, viaResponses))
                .isEqualTo(expected);
        assertThat(DEFAULT.maxCost(tenThousandContext, MICRODOLLAR_PER_MSAT, viaCompletion))
                .isEqualTo(expected);
        // 0.99 · (8 000 + 4 000) − (0.99 · 4 000 − 1 000)
        assertThat(expected).isEqualTo(Msats.of(8_920));
    }

    @Test
    void givenNoTolerance_reservesTheFullMaximum() {
        MaxCostEstimator strict = new MaxCostEstimator(PricingPolicy.DEFAULT.withTolerancePercent(BigDecimal.ZERO));

        assertThat(strict.maxCost(tenThousandContext, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN))
                .isEqualTo(Msats.of(12_000));
    }

    @Test
    void givenFixedPricing_reservesTheFixedCostPerRequestWhateverTheRequest() {
        ModelPrice price = oneAndTwoMsats(ModelLimits.of(128_000, 16_000));

        assertThat(fixed.maxCost(price, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN))
                .isEqualTo(Msats.of(10_000));
        assertThat(fixed.maxCost(price, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN.withMaxTokens(1)))
                .isEqualTo(Msats.of(10_000));
    }

    @Test
    void withoutModelPricing_reservesTheFixedCostPerRequestButNeverBelowTheMinimum() {
        assertThat(DEFAULT.withoutModelPricing()).isEqualTo(Msats.of(1_000));
        PricingPolicy freeRequests =
                new PricingPolicy(BigDecimal.ONE, Msats.of(50), false, 0, BigDecimal.ZERO, BigDecimal.ZERO);
        assertThat(new MaxCostEstimator(freeRequests).withoutModelPricing()).isEqualTo(Msats.of(50));
    }
}

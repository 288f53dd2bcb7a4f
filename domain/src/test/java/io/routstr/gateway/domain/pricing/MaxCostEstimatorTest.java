package io.routstr.gateway.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.ReservationBound.Bounded;
import io.routstr.gateway.domain.pricing.ReservationBound.Unbounded;
import io.routstr.gateway.domain.pricing.ReservationBound.UnboundedPart;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MaxCostEstimatorTest {

    /** At 100 000 USD per BTC one msat is one microdollar, so a price of N USD per million tokens is N msats. */
    private static final BtcUsdRate MICRODOLLAR_PER_MSAT = BtcUsdRate.of("100000");

    private static final MaxCostEstimator DEFAULT = new MaxCostEstimator(PricingPolicy.DEFAULT);

    /** 1 msat per prompt token, 2 per completion token at {@link #MICRODOLLAR_PER_MSAT}. */
    private static ModelPrice oneAndTwoMsats(ModelLimits limits) {
        return ModelPrice.of(new BigDecimal("0.000001"), new BigDecimal("0.000002"))
                .withLimits(limits);
    }

    /**
     * Routstr's numbers at 50 000 USD per BTC (the price its tests patch in), a $3 / $15 per million model with
     * the default 1.01 provider fee, 128k context and 16k maximum completion: 6.06 and 30.3 msats per token.
     */
    private final ModelPrice sonnetLike = ModelPrice.of(new BigDecimal("0.000003"), new BigDecimal("0.000015"))
            .withLimits(ModelLimits.of(128_000, 16_000))
            .withFee(ProviderFee.ROUTSTR_DEFAULT);

    private final BtcUsdRate fiftyThousand = BtcUsdRate.of("50000");

    private static Msats bounded(ReservationBound bound) {
        assertThat(bound).isInstanceOf(Bounded.class);
        return ((Bounded) bound).amount();
    }

    @Test
    void workedExample_givenNothingAboutTheRequest_reservesAFullContextWithTheLongestCompletion() {
        // 112 000 · 6.06 + 16 000 · 30.3 = 1 163 520 msats, plus one for the rounding of a charge's buckets.
        // Routstr reserved 99 % of it, so a request that used it all cost more than it held.
        assertThat(bounded(DEFAULT.bound(sonnetLike, fiftyThousand, RequestShape.UNKNOWN)))
                .isEqualTo(Msats.of(1_163_521));
    }

    @Test
    void workedExample_givenAPromptBoundAndMaxTokens_reservesExactlyWhatTheyCanCost() {
        RequestShape shape = RequestShape.UNKNOWN.withPromptTokens(1_000).withMaxTokens(1_000);

        // 1 000 · 6.06 + 1 000 · 30.3 + 1
        assertThat(bounded(DEFAULT.bound(sonnetLike, fiftyThousand, shape))).isEqualTo(Msats.of(36_361));
    }

    @Test
    void workedExample_everyChoiceIsReserved() {
        RequestShape shape = RequestShape.UNKNOWN
                .withPromptTokens(1_000)
                .withMaxTokens(1_000)
                .withChoices(128);

        // The prompt once, the completion 128 times: 6 060 + 128 · 30 300 + 1.
        assertThat(bounded(DEFAULT.bound(sonnetLike, fiftyThousand, shape))).isEqualTo(Msats.of(3_884_461));
    }

    @Test
    void withoutAnOutputCap_eachChoiceMayUseTheModelsMaximumCompletion() {
        RequestShape shape = RequestShape.UNKNOWN.withPromptTokens(1_000).withChoices(2);

        // 1 000 · 6.06 + 2 · 16 000 · 30.3 + 1
        assertThat(bounded(DEFAULT.bound(sonnetLike, fiftyThousand, shape))).isEqualTo(Msats.of(975_661));
    }

    @Test
    void thePromptBoundNeverExceedsTheContext_andTheOutputShareTheContextWithIt() {
        ModelPrice price = oneAndTwoMsats(ModelLimits.contextOnly(8_000));
        RequestShape shape = RequestShape.UNKNOWN.withPromptTokens(50_000).withMaxTokens(100);

        // At most 8 000 tokens in all: 7 900 prompt tokens and 100 output tokens cost the most, 7 900 + 200.
        assertThat(bounded(DEFAULT.bound(price, MICRODOLLAR_PER_MSAT, shape))).isEqualTo(Msats.of(8_101));
    }

    @Test
    void givenContextNoLongerThanMaxCompletion_theWholeContextMayBeOutput() {
        ModelPrice price = oneAndTwoMsats(ModelLimits.of(8_000, 8_000));

        assertThat(bounded(DEFAULT.bound(price, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN.withPromptTokens(10))))
                .isEqualTo(Msats.of(16_001));
    }

    @Test
    void givenNoLimitsAndNoOutputCap_theOutputIsUnbounded() {
        ModelPrice price = oneAndTwoMsats(ModelLimits.NONE);

        assertThat(DEFAULT.bound(price, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN.withPromptTokens(10)))
                .isEqualTo(new Unbounded(UnboundedPart.OUTPUT));
    }

    @Test
    void givenNoLimits_anOutputCapAndAPromptBoundBoundTheRequest() {
        ModelPrice price = oneAndTwoMsats(ModelLimits.NONE);
        RequestShape shape = RequestShape.UNKNOWN.withPromptTokens(500).withMaxTokens(100);

        assertThat(bounded(DEFAULT.bound(price, MICRODOLLAR_PER_MSAT, shape))).isEqualTo(Msats.of(701));
    }

    @Test
    void givenNoContextLengthAndAPromptTheBodyCannotBound_thePromptIsUnbounded() {
        ModelPrice price = oneAndTwoMsats(ModelLimits.maxCompletionOnly(4_000));

        assertThat(DEFAULT.bound(price, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN))
                .isEqualTo(new Unbounded(UnboundedPart.PROMPT));
    }

    @Test
    void aSideThatCostsNothingNeedsNoBound() {
        // An embedding model: no completion rate, no limits.
        ModelPrice embeddings = ModelPrice.of(new BigDecimal("0.000001"), BigDecimal.ZERO);

        assertThat(bounded(
                        DEFAULT.bound(embeddings, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN.withPromptTokens(3_000))))
                .isEqualTo(Msats.of(3_001));
    }

    @Test
    void thePromptIsReservedAtThePriciestRateItMayBeBilledAt() {
        ModelPrice price = ModelPrice.builder()
                .prompt(new BigDecimal("0.000001"))
                .cacheWrite(new BigDecimal("0.00000125"))
                .completion(new BigDecimal("0.000002"))
                .internalReasoning(new BigDecimal("0.000003"))
                .build();
        RequestShape shape = RequestShape.UNKNOWN.withPromptTokens(1_000).withMaxTokens(1_000);

        // 1 000 · 1.25 + 1 000 · 3 + 1
        assertThat(bounded(DEFAULT.bound(price, MICRODOLLAR_PER_MSAT, shape))).isEqualTo(Msats.of(4_251));
    }

    @Test
    void theRequestRateAndTheImageRateAreAddedOnce() {
        ModelPrice price = ModelPrice.builder()
                .prompt(new BigDecimal("0.000001"))
                .completion(new BigDecimal("0.000002"))
                .request(new BigDecimal("0.0005"))
                .image(new BigDecimal("0.001"))
                .build();
        RequestShape shape = RequestShape.UNKNOWN
                .withPromptTokens(100)
                .withMaxTokens(100)
                .withChoices(3)
                .withImages(2);

        // 100 + 3 · 200 + 500 + 2 · 1 000 + 1
        assertThat(bounded(DEFAULT.bound(price, MICRODOLLAR_PER_MSAT, shape))).isEqualTo(Msats.of(3_201));
    }

    @Test
    void neverBelowThePolicyMinimum() {
        MaxCostEstimator estimator = new MaxCostEstimator(PricingPolicy.DEFAULT.withMinimumRequest(Msats.of(1_000)));

        assertThat(bounded(estimator.bound(
                        oneAndTwoMsats(ModelLimits.NONE),
                        MICRODOLLAR_PER_MSAT,
                        RequestShape.UNKNOWN.withPromptTokens(1).withMaxTokens(1))))
                .isEqualTo(Msats.of(1_000));
    }

    @Test
    void theToleranceNoLongerLowersTheReservationBelowTheBound() {
        MaxCostEstimator tolerant = new MaxCostEstimator(PricingPolicy.DEFAULT.withTolerancePercent(BigDecimal.TEN));
        RequestShape shape = RequestShape.UNKNOWN.withPromptTokens(1_000).withMaxTokens(1_000);

        assertThat(tolerant.bound(sonnetLike, fiftyThousand, shape))
                .isEqualTo(DEFAULT.bound(sonnetLike, fiftyThousand, shape));
    }

    @Test
    void givenFixedPricingWithoutTokenRates_reservesTheFixedCostPerRequestWhateverTheRequest() {
        MaxCostEstimator fixed = new MaxCostEstimator(PricingPolicy.fixed(10, BigDecimal.ZERO, BigDecimal.ZERO));
        ModelPrice price = oneAndTwoMsats(ModelLimits.NONE);

        assertThat(bounded(fixed.bound(price, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN)))
                .isEqualTo(Msats.of(10_000));
        assertThat(bounded(fixed.bound(price, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN.withChoices(128))))
                .isEqualTo(Msats.of(10_000));
    }

    @Test
    void givenFixedPricingWithTokenRates_reservesTheTokensAtThoseRates() {
        // 1 and 2 sats per 1000 tokens are 1 and 2 msats per token.
        MaxCostEstimator fixed = new MaxCostEstimator(PricingPolicy.fixed(1, BigDecimal.ONE, BigDecimal.TWO));
        ModelPrice price = oneAndTwoMsats(ModelLimits.NONE);
        RequestShape shape = RequestShape.UNKNOWN
                .withPromptTokens(1_000)
                .withMaxTokens(1_000)
                .withChoices(4);

        assertThat(bounded(fixed.bound(price, MICRODOLLAR_PER_MSAT, shape))).isEqualTo(Msats.of(9_001));
        assertThat(fixed.bound(price, MICRODOLLAR_PER_MSAT, RequestShape.UNKNOWN.withPromptTokens(1)))
                .isEqualTo(new Unbounded(UnboundedPart.OUTPUT));
    }

    @Test
    void advertisesTheBoundOfAOneChoiceRequestThatFillsTheContext() {
        assertThat(DEFAULT.advertisedMaxCost(sonnetLike, fiftyThousand)).isEqualTo(Msats.of(1_163_521));
    }

    @Test
    void givenNoLimits_advertisesRoutstrsFallbackMaximum() {
        ModelPrice price = ModelPrice.builder()
                .prompt(new BigDecimal("0.000001"))
                .completion(new BigDecimal("0.000002"))
                .request(new BigDecimal("0.0000001"))
                .build();

        // 1 + 2 + 100 000 · 0.1 msats
        assertThat(DEFAULT.advertisedMaxCost(price, MICRODOLLAR_PER_MSAT)).isEqualTo(Msats.of(10_003));
    }

    @Test
    void withoutModelPricing_reservesTheFixedCostPerRequestButNeverBelowTheMinimum() {
        assertThat(DEFAULT.withoutModelPricing()).isEqualTo(Msats.of(1_000));
        PricingPolicy freeRequests =
                new PricingPolicy(BigDecimal.ONE, Msats.of(50), false, 0, BigDecimal.ZERO, BigDecimal.ZERO);
        assertThat(new MaxCostEstimator(freeRequests).withoutModelPricing()).isEqualTo(Msats.of(50));
    }
}

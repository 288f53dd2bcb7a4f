package io.routstr.gateway.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.usage.ReportedCost;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CostCalculatorTest {

    /** At 100 000 USD per BTC one msat is one microdollar. */
    private static final BtcUsdRate MICRODOLLAR_PER_MSAT = BtcUsdRate.of("100000");

    private static final CostCalculator CALCULATOR = new CostCalculator(PricingPolicy.DEFAULT);
    private static final Msats RESERVED = Msats.of(1_000_000);

    /** 1 msat per prompt token and 2 per completion token at {@link #MICRODOLLAR_PER_MSAT}. */
    private static ModelPrice.Builder oneAndTwoMsats() {
        return ModelPrice.builder().prompt(usd("0.000001")).completion(usd("0.000002"));
    }

    private static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    private static RequestCost cost(TokenUsage usage, ModelPrice price) {
        return CALCULATOR.cost(usage, price, MICRODOLLAR_PER_MSAT, RESERVED);
    }

    // A worked example with Routstr's numbers

    @Test
    void workedExample_givenRoutstrsDefaultFeeAndACachedPrompt_reproducesItsNumbers() {
        // $3 / $15 / $0.30 cached per million, fee 1.01, 50 000 USD per BTC (Routstr's test price):
        // rates 6 060, 30 300 and 606 msats per 1k tokens.
        ModelPrice price = ModelPrice.builder()
                .prompt(usd("0.000003"))
                .completion(usd("0.000015"))
                .cacheRead(usd("0.0000003"))
                .build()
                .withFee(ProviderFee.ROUTSTR_DEFAULT);
        // 1 000 prompt tokens of which 200 cached, 500 completion tokens.
        TokenUsage usage = TokenUsage.of(800, 500).withCache(200, 0);

        RequestCost cost = CALCULATOR.cost(usage, price, BtcUsdRate.of("50000"), RESERVED);

        // ceil(800/1000·6060 + 500/1000·30300 + 200/1000·606) = ceil(4848 + 15150 + 121.2)
        assertThat(cost.total()).isEqualTo(Msats.of(20_120));
        assertThat(cost.output()).isEqualTo(Msats.of(15_150));
        assertThat(cost.input()).isEqualTo(Msats.of(4_970));
        assertThat(cost.cacheRead()).isEqualTo(Msats.of(121));
        assertThat(cost.cacheWrite()).isEqualTo(Msats.ZERO);
        // total/1000 × sats_usd_price = 20.12 sats × 0.0005 USD
        assertThat(cost.totalUsd()).isEqualByComparingTo("0.01006");
        assertThat(cost.basis()).isEqualTo(CostBasis.TOKENS);
    }

    // Token path

    @Test
    void givenPlainTokens_billsEachAtItsRate() {
        RequestCost cost = cost(TokenUsage.of(1_000, 500), oneAndTwoMsats().build());

        assertThat(cost.total()).isEqualTo(Msats.of(2_000));
        assertThat(cost.input()).isEqualTo(Msats.of(1_000));
        assertThat(cost.output()).isEqualTo(Msats.of(1_000));
        assertThat(cost.totalUsd()).isEqualByComparingTo("0.002");
    }

    @Test
    void givenCachedTokens_billsThemAtTheCacheRate() {
        ModelPrice price = oneAndTwoMsats().cacheRead(usd("0.0000001")).build();

        RequestCost cost = cost(TokenUsage.of(100, 10).withCache(1_000, 0), price);

        assertThat(cost.total()).isEqualTo(Msats.of(100 + 20 + 100));
        assertThat(cost.cacheRead()).isEqualTo(Msats.of(100));
        assertThat(cost.input()).isEqualTo(Msats.of(200));
    }

    @Test
    void givenNoCacheRate_billsCachedTokensAtThePromptRate() {
        RequestCost cost = cost(
                TokenUsage.of(100, 10).withCache(1_000, 0), oneAndTwoMsats().build());

        assertThat(cost.total()).isEqualTo(Msats.of(100 + 20 + 1_000));
    }

    @Test
    void givenCacheWrites_billsThemAtTheCacheWriteRate() {
        ModelPrice price = oneAndTwoMsats().cacheWrite(usd("0.00000125")).build();

        RequestCost cost = cost(TokenUsage.of(0, 10).withCache(0, 1_000), price);

        assertThat(cost.total()).isEqualTo(Msats.of(1_250 + 20));
        assertThat(cost.cacheWrite()).isEqualTo(Msats.of(1_250));
    }

    @Test
    void givenReasoningInsideTheOutput_doesNotBillItTwice() {
        RequestCost cost = cost(
                TokenUsage.of(0, 500).withReasoning(400, true), oneAndTwoMsats().build());

        assertThat(cost.total()).isEqualTo(Msats.of(1_000));
    }

    @Test
    void givenReasoningCountedApart_billsItAsOutput() {
        RequestCost cost = cost(
                TokenUsage.of(0, 500).withReasoning(400, false),
                oneAndTwoMsats().build());

        assertThat(cost.total()).isEqualTo(Msats.of(1_800));
        assertThat(cost.output()).isEqualTo(Msats.of(1_800));
    }

    @Test
    void theRequestImageSearchAndReasoningRatesAreNotBilledAtSettlement() {
        ModelPrice price = oneAndTwoMsats()
                .request(usd("0.01"))
                .image(usd("0.01"))
                .webSearch(usd("0.01"))
                .internalReasoning(usd("0.01"))
                .build();

        assertThat(cost(TokenUsage.of(1, 1), price).total()).isEqualTo(Msats.of(3));
    }

    // Rounding

    @Test
    void givenAFractionOfAMsatInTheSum_roundsTheTotalUpAndThePartsDown() {
        ModelPrice price = ModelPrice.of(usd("0.0000012"), usd("0.0000023"));

        RequestCost cost = cost(TokenUsage.of(1, 1), price);

        assertThat(cost.total()).isEqualTo(Msats.of(4)); // ceil(1.2 + 2.3)
        assertThat(cost.output()).isEqualTo(Msats.of(2));
        assertThat(cost.input()).isEqualTo(Msats.of(2));
    }

    @Test
    void givenBucketsBelowHalfAThousandthOfAMsat_theyRoundToNothing() {
        // 0.0004 msats per bucket: round(x, 3) makes each 0, as in Routstr; there is no minimum charge.
        ModelPrice price = ModelPrice.of(usd("0.0000000004"), usd("0.0000000004"));

        RequestCost cost = cost(TokenUsage.of(1, 1), price);

        assertThat(cost.total()).isEqualTo(Msats.ZERO);
        assertThat(cost.basis()).isEqualTo(CostBasis.TOKENS);
    }

    @Test
    void givenBucketsOfExactlyHalfAThousandth_roundsThemUp() {
        // Two buckets of 0.0005 msats become 0.001 each; the sum, 0.002, rounds up to 1 msat.
        ModelPrice halves = ModelPrice.of(usd("0.0000000005"), usd("0.000001"));

        assertThat(cost(TokenUsage.of(1, 0).withCache(1, 0), halves).total()).isEqualTo(Msats.of(1));
    }

    // Upstream USD path

    @Test
    void givenAnUpstreamUsdCost_billsItWithTheServingProvidersFeeRoundedUp() {
        ModelPrice price = oneAndTwoMsats().build().withFee(ProviderFee.of("1.06"));
        TokenUsage usage = TokenUsage.of(100, 300).withReportedCost(ReportedCost.of(usd("0.001234567")));

        RequestCost cost = cost(usage, price);

        // 0.001234567 × 1.06 = 0.00130864102 USD = 1 308.64102 msats
        assertThat(cost.total()).isEqualTo(Msats.of(1_309));
        assertThat(cost.basis()).isEqualTo(CostBasis.UPSTREAM_USD);
        // No split reported: output by token share, floor(1 309 · 300 / 400)
        assertThat(cost.output()).isEqualTo(Msats.of(981));
        assertThat(cost.input()).isEqualTo(Msats.of(328));
    }

    @Test
    void givenAReportedSplit_theOutputIsTheOutputCostRoundedDown() {
        TokenUsage usage = TokenUsage.of(100, 300)
                .withReportedCost(
                        new ReportedCost(usd("0.01"), Optional.of(usd("0.0039995")), Optional.of(usd("0.0060005"))));

        RequestCost cost = cost(usage, oneAndTwoMsats().build());

        assertThat(cost.total()).isEqualTo(Msats.of(10_000));
        assertThat(cost.output()).isEqualTo(Msats.of(6_000));
        assertThat(cost.input()).isEqualTo(Msats.of(4_000));
    }

    @Test
    void givenOnlyAReportedInputCost_theOutputIsTheRest() {
        TokenUsage usage = TokenUsage.of(100, 300)
                .withReportedCost(new ReportedCost(usd("0.01"), Optional.of(usd("0.004")), Optional.empty()));

        RequestCost cost = cost(usage, oneAndTwoMsats().build());

        assertThat(cost.output()).isEqualTo(Msats.of(6_000));
        assertThat(cost.input()).isEqualTo(Msats.of(4_000));
    }

    @Test
    void givenByokUsage_billsTheUpstreamInferenceCostPlusTheByokFee() {
        // OpenRouter BYOK: the upstream's inference cost ($0.01) plus the BYOK fee ($0.0005).
        TokenUsage usage = new TokenUsage(
                10, 5, 0, 0, 0, true, true, Optional.of(ReportedCost.of(new BigDecimal("0.0105"))), true);

        assertThat(cost(usage, oneAndTwoMsats().build()).total()).isEqualTo(Msats.of(10_500));
    }

    @Test
    void givenAReportedCostWithoutTokenCounts_billsTheCost() {
        TokenUsage usage = new TokenUsage(
                0, 0, 0, 0, 0, true, false, Optional.of(ReportedCost.of(new BigDecimal("0.002"))), false);

        RequestCost cost = cost(usage, oneAndTwoMsats().build());

        assertThat(cost.total()).isEqualTo(Msats.of(2_000));
        assertThat(cost.output()).isEqualTo(Msats.ZERO);
    }

    // Empty responses and missing prices

    @Test
    void givenAnEmptyResponseWithAReportedCost_isFree() {
        TokenUsage usage = TokenUsage.of(0, 0).withReportedCost(ReportedCost.of(usd("0.05")));

        RequestCost cost = cost(usage, oneAndTwoMsats().build());

        assertThat(cost.isFree()).isTrue();
    }

    @Test
    void givenZeroTokens_isFree() {
        assertThat(cost(TokenUsage.NONE, oneAndTwoMsats().build()).isFree()).isTrue();
    }

    @Test
    void givenAPriceWithoutAnyTokenRate_chargesTheReservation() {
        ModelPrice price = ModelPrice.of(BigDecimal.ZERO, BigDecimal.ZERO);

        RequestCost cost = CALCULATOR.cost(TokenUsage.of(10, 10), price, MICRODOLLAR_PER_MSAT, Msats.of(5_000));

        assertThat(cost.total()).isEqualTo(Msats.of(5_000));
        assertThat(cost.basis()).isEqualTo(CostBasis.RESERVATION);
    }

    @Test
    void givenAnEmbeddingPriceWithoutACompletionRate_billsTheInputTokensOnly() {
        ModelPrice price = ModelPrice.of(usd("0.000001"), BigDecimal.ZERO);

        RequestCost cost = CALCULATOR.cost(TokenUsage.of(10, 0), price, MICRODOLLAR_PER_MSAT, Msats.of(5_000));

        assertThat(cost.basis()).isEqualTo(CostBasis.TOKENS);
        assertThat(cost.total()).isLessThan(Msats.of(5_000));
        assertThat(cost.output()).isEqualTo(Msats.ZERO);
    }

    @Test
    void givenAPriceWithoutTokenRatesButAReportedCost_billsTheCost() {
        ModelPrice price = ModelPrice.of(BigDecimal.ZERO, BigDecimal.ZERO);
        TokenUsage usage = TokenUsage.of(10, 10).withReportedCost(ReportedCost.of(usd("0.000123")));

        assertThat(cost(usage, price).total()).isEqualTo(Msats.of(123));
    }

    // Fixed pricing

    @Test
    void givenFixedPerThousandRates_billsTokensAtThemWithCacheAtTheInputRate() {
        CostCalculator fixed = new CostCalculator(PricingPolicy.fixed(10, BigDecimal.TWO, new BigDecimal("6")));
        TokenUsage usage = TokenUsage.of(1_000, 250).withCache(500, 0);

        RequestCost cost = fixed.cost(usage, oneAndTwoMsats().build(), MICRODOLLAR_PER_MSAT, RESERVED);

        // 2 sats per 1k = 2 msats per token: 2 000 + 1 000 cached; 6 msats per output token: 1 500
        assertThat(cost.total()).isEqualTo(Msats.of(4_500));
        assertThat(cost.output()).isEqualTo(Msats.of(1_500));
        assertThat(cost.cacheRead()).isEqualTo(Msats.of(1_000));
        assertThat(cost.basis()).isEqualTo(CostBasis.FIXED);
    }

    @Test
    void fixedPricesAreInSats_soTheyNeedNoExchangeRate_andReportNoUsdTotal() {
        PricingPolicy policy = PricingPolicy.fixed(10, BigDecimal.TWO, new BigDecimal("6"));
        CostCalculator fixed = new CostCalculator(policy);
        ModelPrice price =
                oneAndTwoMsats().limits(ModelLimits.of(10_000, 1_000)).build();

        RequestCost cost = fixed.cost(TokenUsage.of(1_000, 250), price, Optional.empty(), RESERVED);
        RequestCost estimated = fixed.estimateFromText(400, 100, price, Optional.empty(), Msats.of(100));
        ReservationBound bound = new MaxCostEstimator(policy).bound(price, Optional.empty(), RequestShape.UNKNOWN);

        assertThat(fixed.needsRate(price, false)).isFalse();
        assertThat(cost.total()).isEqualTo(Msats.of(3_500));
        assertThat(cost.totalUsd()).isZero();
        assertThat(estimated.total()).isEqualTo(Msats.of(100));
        assertThat(bound).isInstanceOf(ReservationBound.Bounded.class);
    }

    @Test
    void modelPricesAndAModelsOwnUsdRequestPriceNeedAnExchangeRate() {
        CostCalculator fixed = new CostCalculator(PricingPolicy.fixed(10, BigDecimal.ZERO, BigDecimal.ZERO));
        ModelPrice perRequest = oneAndTwoMsats().request(usd("0.01")).build();

        assertThat(CALCULATOR.needsRate(oneAndTwoMsats().build(), false)).isTrue();
        assertThat(fixed.needsRate(perRequest, true)).isTrue();
        assertThat(fixed.needsRate(perRequest, false)).isFalse();
        assertThatThrownBy(() -> CALCULATOR.cost(TokenUsage.of(1, 1), perRequest, Optional.empty(), RESERVED))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void givenFixedPricingWithoutPerThousandRates_chargesTheFixedCostPerRequest() {
        CostCalculator fixed = new CostCalculator(PricingPolicy.fixed(10, BigDecimal.ZERO, BigDecimal.ZERO));

        RequestCost cost =
                fixed.cost(TokenUsage.of(100_000, 50_000), oneAndTwoMsats().build(), MICRODOLLAR_PER_MSAT, RESERVED);

        assertThat(cost.total()).isEqualTo(Msats.of(10_000));
        assertThat(cost.basis()).isEqualTo(CostBasis.FIXED);
    }

    @Test
    void givenFixedPricing_anUpstreamUsdCostDoesNotOverrideIt() {
        CostCalculator fixed = new CostCalculator(PricingPolicy.fixed(10, BigDecimal.ZERO, BigDecimal.ZERO));
        TokenUsage usage = TokenUsage.of(10, 10).withReportedCost(ReportedCost.of(usd("1")));

        RequestCost cost = fixed.cost(usage, oneAndTwoMsats().build(), MICRODOLLAR_PER_MSAT, RESERVED);

        assertThat(cost.total()).isEqualTo(Msats.of(10_000));
    }

    @Test
    void givenFixedPricingAndAnEmptyResponse_isFree() {
        CostCalculator fixed = new CostCalculator(PricingPolicy.fixed(10, BigDecimal.ZERO, BigDecimal.ZERO));

        assertThat(fixed.cost(TokenUsage.NONE, oneAndTwoMsats().build(), MICRODOLLAR_PER_MSAT, RESERVED)
                        .isFree())
                .isTrue();
    }

    // Responses without usage

    @Test
    void givenNoUsage_billsTheEstimateFromText() {
        // 3 000 prompt characters = 1 000 tokens; 301 output characters = 101 tokens
        RequestCost cost = CALCULATOR.estimateFromText(
                3_000, 301, oneAndTwoMsats().build(), MICRODOLLAR_PER_MSAT, Msats.of(5_000));

        assertThat(cost.total()).isEqualTo(Msats.of(1_000 + 202));
        assertThat(cost.output()).isEqualTo(Msats.of(202));
        assertThat(cost.basis()).isEqualTo(CostBasis.ESTIMATE);
    }

    @Test
    void givenNoUsage_theEstimateIsCappedAtTheReservation() {
        RequestCost cost =
                CALCULATOR.estimateFromText(3_000, 301, oneAndTwoMsats().build(), MICRODOLLAR_PER_MSAT, Msats.of(500));

        assertThat(cost.total()).isEqualTo(Msats.of(500));
        assertThat(cost.output()).isEqualTo(Msats.of(202));
        assertThat(cost.input()).isEqualTo(Msats.of(298));
        assertThat(cost.totalUsd()).isEqualByComparingTo("0.0005");
    }

    @Test
    void givenNoUsageAndNoOutput_isFree() {
        RequestCost cost =
                CALCULATOR.estimateFromText(3_000, 0, oneAndTwoMsats().build(), MICRODOLLAR_PER_MSAT, Msats.of(500));

        assertThat(cost.isFree()).isTrue();
        assertThat(cost.basis()).isEqualTo(CostBasis.ESTIMATE);
    }

    @Test
    void givenNoUsageAndNoTokenRates_theEstimateIsTheReservation() {
        RequestCost cost = CALCULATOR.estimateFromText(
                30, 30, ModelPrice.of(BigDecimal.ZERO, BigDecimal.ZERO), MICRODOLLAR_PER_MSAT, Msats.of(700));

        assertThat(cost.total()).isEqualTo(Msats.of(700));
        assertThat(cost.basis()).isEqualTo(CostBasis.ESTIMATE);
    }
}

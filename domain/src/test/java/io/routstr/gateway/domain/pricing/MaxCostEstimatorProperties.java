package io.routstr.gateway.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.domain.money.Msats;
import java.math.BigDecimal;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** The arithmetic of reservations, over arbitrary prices, limits, policies and requests. */
class MaxCostEstimatorProperties {

    @Property
    void theReservationIsNeverBelowTheMinimum(
            @ForAll("policies") PricingPolicy policy,
            @ForAll("prices") ModelPrice price,
            @ForAll("rates") BtcUsdRate rate,
            @ForAll("shapes") RequestShape shape) {
        assertThat(new MaxCostEstimator(policy).maxCost(price, rate, shape))
                .isGreaterThanOrEqualTo(policy.minimumRequest());
    }

    @Property
    void knowingMoreAboutTheRequestNeverRaisesTheReservation(
            @ForAll("policies") PricingPolicy policy,
            @ForAll("prices") ModelPrice price,
            @ForAll("rates") BtcUsdRate rate,
            @ForAll("shapes") RequestShape shape) {
        MaxCostEstimator estimator = new MaxCostEstimator(policy);

        assertThat(estimator.maxCost(price, rate, shape))
                .isLessThanOrEqualTo(estimator.maxCost(price, rate, RequestShape.UNKNOWN));
    }

    @Property
    void aLargerPromptOrOutputCapNeverLowersTheReservation(
            @ForAll("policies") PricingPolicy policy,
            @ForAll("prices") ModelPrice price,
            @ForAll("rates") BtcUsdRate rate,
            @ForAll @LongRange(min = 0, max = 500_000) long prompt,
            @ForAll @LongRange(min = 0, max = 100_000) long cap,
            @ForAll @LongRange(min = 0, max = 100_000) long more) {
        MaxCostEstimator estimator = new MaxCostEstimator(policy);
        Msats base = estimator.maxCost(
                price, rate, RequestShape.UNKNOWN.withPromptTokens(prompt).withMaxTokens(cap));

        assertThat(estimator.maxCost(
                        price,
                        rate,
                        RequestShape.UNKNOWN.withPromptTokens(prompt + more).withMaxTokens(cap)))
                .isGreaterThanOrEqualTo(base);
        assertThat(estimator.maxCost(
                        price,
                        rate,
                        RequestShape.UNKNOWN.withPromptTokens(prompt).withMaxTokens(cap + more)))
                .isGreaterThanOrEqualTo(base);
    }

    @Property
    void fixedPricingReservesTheFixedCostWhateverTheModel(
            @ForAll("prices") ModelPrice price,
            @ForAll("rates") BtcUsdRate rate,
            @ForAll("shapes") RequestShape shape,
            @ForAll @LongRange(min = 0, max = 1_000) long sats) {
        MaxCostEstimator fixed = new MaxCostEstimator(PricingPolicy.fixed(sats, BigDecimal.ZERO, BigDecimal.ZERO));

        assertThat(fixed.maxCost(price, rate, shape))
                .isEqualTo(Msats.ofSats(sats).max(Msats.of(1)));
    }

    @Provide
    Arbitrary<PricingPolicy> policies() {
        Arbitrary<BigDecimal> tolerance = Arbitraries.bigDecimals()
                .between(BigDecimal.ZERO, new BigDecimal("50"))
                .ofScale(1);
        Arbitrary<Long> minimum = Arbitraries.longs().between(1, 100_000);
        return Combinators.combine(tolerance, minimum)
                .as((percent, min) ->
                        PricingPolicy.DEFAULT.withTolerancePercent(percent).withMinimumRequest(Msats.of(min)));
    }

    @Provide
    Arbitrary<ModelPrice> prices() {
        Arbitrary<BigDecimal> perToken = Arbitraries.bigDecimals()
                .between(BigDecimal.ZERO, new BigDecimal("0.0001"))
                .ofScale(12);
        Arbitrary<OptionalLong> length = Arbitraries.longs()
                .between(1, 2_000_000)
                .map(OptionalLong::of)
                .injectNull(0.3)
                .map(value -> value == null ? OptionalLong.empty() : value);
        return Combinators.combine(perToken, perToken, perToken, length, length)
                .as((prompt, completion, request, contextLength, maxCompletion) -> ModelPrice.builder()
                        .prompt(prompt)
                        .completion(completion)
                        .request(request)
                        .limits(new ModelLimits(contextLength, maxCompletion))
                        .build());
    }

    @Provide
    Arbitrary<BtcUsdRate> rates() {
        return Arbitraries.bigDecimals()
                .between(new BigDecimal("10000"), new BigDecimal("1000000"))
                .ofScale(2)
                .map(BtcUsdRate::new);
    }

    @Provide
    Arbitrary<RequestShape> shapes() {
        Arbitrary<OptionalLong> size = Arbitraries.longs()
                .between(0, 1_000_000)
                .map(OptionalLong::of)
                .injectNull(0.4)
                .map(value -> value == null ? OptionalLong.empty() : value);
        return Combinators.combine(size, size, size, size).as(RequestShape::new);
    }
}

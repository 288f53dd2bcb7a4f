package io.routstr.gateway.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.ReservationBound.Bounded;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Reservations over arbitrary prices, limits, policies and requests: an upper bound on what a request can cost. */
class MaxCostEstimatorProperties {

    /**
     * The central property: whatever a request within its limits uses (any prompt up to its bound and the context,
     * split in any way between fresh and cached tokens, any output per choice up to its cap, the model's maximum and
     * what the context leaves), the charge for that usage never exceeds the reservation.
     */
    @Property
    void theBoundCoversTheCostOfAnyUsageWithinTheRequestsLimits(
            @ForAll("prices") ModelPrice price,
            @ForAll("rates") BtcUsdRate rate,
            @ForAll("shapes") RequestShape shape,
            @ForAll("policies") PricingPolicy policy,
            @ForAll @IntRange(min = 0, max = 1_000) int promptShare,
            @ForAll @IntRange(min = 0, max = 1_000) int cacheReadShare,
            @ForAll @IntRange(min = 0, max = 1_000) int cacheWriteShare,
            @ForAll @IntRange(min = 0, max = 1_000) int outputShare) {
        ReservationBound bound = new MaxCostEstimator(policy).bound(price, rate, shape);
        Assume.that(bound instanceof Bounded);
        OptionalLong context = price.limits().contextLength();
        long promptLimit = shape.promptTokens().isPresent()
                ? Math.min(shape.promptTokens().getAsLong(), context.orElse(Long.MAX_VALUE))
                : context.orElse(0);
        long prompt = share(promptLimit, promptShare);
        long cacheRead = share(prompt, cacheReadShare);
        long cacheWrite = share(prompt - cacheRead, cacheWriteShare);
        long outputLimit = min(
                shape.outputCap(),
                price.limits().maxCompletionTokens(),
                context.isPresent() ? OptionalLong.of(context.getAsLong() - prompt) : OptionalLong.empty());
        long perChoice = share(outputLimit, outputShare);
        TokenUsage usage = new TokenUsage(
                prompt - cacheRead - cacheWrite,
                perChoice * shape.choices(),
                cacheRead,
                cacheWrite,
                0,
                true,
                true,
                Optional.empty(),
                false);

        Msats reserved = ((Bounded) bound).amount();

        // A price without token rates charges the hold itself; every other path ignores it.
        assertThat(new CostCalculator(policy).cost(usage, price, rate, reserved).total())
                .isLessThanOrEqualTo(reserved);
    }

    @Property
    void theReservationIsNeverBelowTheMinimum(
            @ForAll("policies") PricingPolicy policy,
            @ForAll("prices") ModelPrice price,
            @ForAll("rates") BtcUsdRate rate,
            @ForAll("shapes") RequestShape shape) {
        ReservationBound bound = new MaxCostEstimator(policy).bound(price, rate, shape);
        Assume.that(bound instanceof Bounded);

        assertThat(((Bounded) bound).amount()).isGreaterThanOrEqualTo(policy.minimumRequest());
    }

    @Property
    void aLargerPromptOutputCapOrChoiceCountNeverLowersTheReservation(
            @ForAll("prices") ModelPrice price,
            @ForAll("rates") BtcUsdRate rate,
            @ForAll @LongRange(min = 0, max = 500_000) long prompt,
            @ForAll @LongRange(min = 1, max = 100_000) long cap,
            @ForAll @IntRange(min = 1, max = 64) int choices,
            @ForAll @LongRange(min = 0, max = 100_000) long more) {
        MaxCostEstimator estimator = new MaxCostEstimator(PricingPolicy.DEFAULT);
        RequestShape base =
                RequestShape.UNKNOWN.withPromptTokens(prompt).withMaxTokens(cap).withChoices(choices);
        Msats reserved = ((Bounded) estimator.bound(price, rate, base)).amount();

        assertThat(((Bounded) estimator.bound(price, rate, base.withPromptTokens(prompt + more))).amount())
                .isGreaterThanOrEqualTo(reserved);
        assertThat(((Bounded) estimator.bound(price, rate, base.withMaxTokens(cap + more))).amount())
                .isGreaterThanOrEqualTo(reserved);
        assertThat(((Bounded) estimator.bound(price, rate, base.withChoices(choices + 1))).amount())
                .isGreaterThanOrEqualTo(reserved);
    }

    @Property
    void onlyAPricedSideWithNothingToBoundItLeavesTheRequestUnbounded(
            @ForAll("prices") ModelPrice price,
            @ForAll("rates") BtcUsdRate rate,
            @ForAll("shapes") RequestShape shape) {
        ModelLimits limits = price.limits();
        boolean outputUnbounded = price.completion().signum() > 0
                && shape.outputCap().isEmpty()
                && limits.maxCompletionTokens().isEmpty()
                && limits.contextLength().isEmpty();
        // The prompt may be billed at any of its rates, fresh or cached.
        boolean promptPriced = price.prompt().signum() > 0
                || price.cacheRead().signum() > 0
                || price.cacheWrite().signum() > 0;
        boolean promptUnbounded = promptPriced
                && shape.promptTokens().isEmpty()
                && limits.contextLength().isEmpty();

        assertThat(new MaxCostEstimator(PricingPolicy.DEFAULT).bound(price, rate, shape))
                .isInstanceOf(outputUnbounded || promptUnbounded ? ReservationBound.Unbounded.class : Bounded.class);
    }

    @Property
    void fixedPricingWithoutTokenRatesReservesTheFixedCostWhateverTheModel(
            @ForAll("prices") ModelPrice price,
            @ForAll("rates") BtcUsdRate rate,
            @ForAll("shapes") RequestShape shape,
            @ForAll @LongRange(min = 0, max = 1_000) long sats) {
        MaxCostEstimator fixed = new MaxCostEstimator(PricingPolicy.fixed(sats, BigDecimal.ZERO, BigDecimal.ZERO));

        assertThat(fixed.bound(price, rate, shape))
                .isEqualTo(new Bounded(Msats.ofSats(sats).max(Msats.of(1))));
    }

    private static long share(long limit, int perMille) {
        return limit * perMille / 1_000;
    }

    private static long min(OptionalLong... limits) {
        long least = 0;
        boolean any = false;
        for (OptionalLong limit : limits) {
            if (limit.isPresent()) {
                least = any ? Math.min(least, limit.getAsLong()) : limit.getAsLong();
                any = true;
            }
        }
        return any ? least : 0;
    }

    @Provide
    Arbitrary<PricingPolicy> policies() {
        Arbitrary<BigDecimal> tolerance = Arbitraries.bigDecimals()
                .between(BigDecimal.ZERO, new BigDecimal("50"))
                .ofScale(1);
        Arbitrary<Long> minimum = Arbitraries.longs().between(1, 100_000);
        Arbitrary<Integer> perThousand = Arbitraries.integers().between(0, 50);
        Arbitrary<PricingPolicy> model = Combinators.combine(tolerance, minimum)
                .as((percent, min) ->
                        PricingPolicy.DEFAULT.withTolerancePercent(percent).withMinimumRequest(Msats.of(min)));
        Arbitrary<PricingPolicy> fixed = Combinators.combine(perThousand, perThousand)
                .as((in, out) -> PricingPolicy.fixed(1, BigDecimal.valueOf(in), BigDecimal.valueOf(out)));
        return Arbitraries.frequencyOf(Tuple.of(4, model), Tuple.of(1, fixed));
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
        Arbitrary<ModelPrice> rates = Combinators.combine(perToken, perToken, perToken, perToken, perToken)
                .as((prompt, completion, cacheRead, cacheWrite, request) -> ModelPrice.builder()
                        .prompt(prompt)
                        .completion(completion)
                        .cacheRead(cacheRead)
                        .cacheWrite(cacheWrite)
                        .request(request)
                        .build());
        return Combinators.combine(rates, length, length)
                .as((price, contextLength, maxCompletion) ->
                        price.withLimits(new ModelLimits(contextLength, maxCompletion)));
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
        Arbitrary<Long> choices = Arbitraries.longs().between(1, 128);
        Arbitrary<Long> images = Arbitraries.longs().between(0, 4);
        return Combinators.combine(size, size, size, size, choices, images).as(RequestShape::new);
    }
}

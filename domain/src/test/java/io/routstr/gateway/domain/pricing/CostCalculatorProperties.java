package io.routstr.gateway.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.usage.ReportedCost;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The arithmetic of settlement, over arbitrary prices, rates and usage. */
class CostCalculatorProperties {

    private static final CostCalculator CALCULATOR = new CostCalculator(PricingPolicy.DEFAULT);
    private static final Msats RESERVED = Msats.of(1_000_000_000);

    @Property
    void tokenCostIsMonotoneInEveryBucket(
            @ForAll("prices") ModelPrice price,
            @ForAll("rates") BtcUsdRate rate,
            @ForAll("usages") TokenUsage usage,
            @ForAll @IntRange(min = 0, max = 3) int bucket,
            @ForAll @LongRange(min = 0, max = 1_000_000) long more) {
        TokenUsage bigger = switch (bucket) {
            case 0 ->
                bucketed(
                        usage.inputTokens() + more,
                        usage.outputTokens(),
                        usage.cacheReadTokens(),
                        usage.cacheWriteTokens());
            case 1 ->
                bucketed(
                        usage.inputTokens(),
                        usage.outputTokens() + more,
                        usage.cacheReadTokens(),
                        usage.cacheWriteTokens());
            case 2 ->
                bucketed(
                        usage.inputTokens(),
                        usage.outputTokens(),
                        usage.cacheReadTokens() + more,
                        usage.cacheWriteTokens());
            default ->
                bucketed(
                        usage.inputTokens(),
                        usage.outputTokens(),
                        usage.cacheReadTokens(),
                        usage.cacheWriteTokens() + more);
        };

        assertThat(CALCULATOR.cost(bigger, price, rate, RESERVED).total())
                .isGreaterThanOrEqualTo(
                        CALCULATOR.cost(usage, price, rate, RESERVED).total());
    }

    @Property
    void tokenCostLiesBetweenTheSumOfFlooredBucketsAndFourMsatsMore(
            @ForAll("prices") ModelPrice price, @ForAll("rates") BtcUsdRate rate, @ForAll("usages") TokenUsage usage) {
        long floors = floorMsats(usage.inputTokens(), price.prompt(), rate)
                + floorMsats(usage.outputTokens(), price.completion(), rate)
                + floorMsats(usage.cacheReadTokens(), price.cacheRead(), rate)
                + floorMsats(usage.cacheWriteTokens(), price.cacheWrite(), rate);

        long total = CALCULATOR.cost(usage, price, rate, RESERVED).total().value();

        assertThat(total).isBetween(floors, floors + 4);
    }

    @Property
    void thePartsNeverExceedTheTotal(
            @ForAll("prices") ModelPrice price, @ForAll("rates") BtcUsdRate rate, @ForAll("usages") TokenUsage usage) {
        RequestCost cost = CALCULATOR.cost(usage, price, rate, RESERVED);

        assertThat(cost.input().plus(cost.output())).isEqualTo(cost.total());
        assertThat(cost.cacheRead().plus(cost.cacheWrite())).isLessThanOrEqualTo(cost.input());
        assertThat(cost.totalUsd()).isEqualByComparingTo(rate.usdFor(cost.total()));
    }

    @Property
    void aHigherFeeNeverCostsLess(
            @ForAll("prices") ModelPrice price,
            @ForAll("rates") BtcUsdRate rate,
            @ForAll("usages") TokenUsage usage,
            @ForAll @IntRange(min = 0, max = 200) int extraPercent) {
        ProviderFee higher = new ProviderFee(BigDecimal.ONE.add(BigDecimal.valueOf(extraPercent, 2)));

        assertThat(CALCULATOR.cost(usage, price.withFee(higher), rate, RESERVED).total())
                .isGreaterThanOrEqualTo(
                        CALCULATOR.cost(usage, price, rate, RESERVED).total());
    }

    @Property
    void theUsdPathRoundsUp(
            @ForAll("prices") ModelPrice price,
            @ForAll("rates") BtcUsdRate rate,
            @ForAll("usages") TokenUsage usage,
            @ForAll("usd") BigDecimal reported) {
        TokenUsage withCost = bucketed(usage.inputTokens(), usage.outputTokens() + 1, 0, 0)
                .withReportedCost(ReportedCost.of(reported));

        RequestCost cost = CALCULATOR.cost(withCost, price, rate, RESERVED);

        BigDecimal exactMsats = price.appliedFee()
                .applyTo(reported)
                .multiply(BtcUsdRate.MSATS_PER_BTC)
                .divide(rate.usdPerBtc(), 20, RoundingMode.DOWN);
        assertThat(BigDecimal.valueOf(cost.total().value())).isGreaterThanOrEqualTo(exactMsats);
        assertThat(cost.basis()).isEqualTo(CostBasis.UPSTREAM_USD);
    }

    @Property
    void anEstimateNeverExceedsTheReservation(
            @ForAll("prices") ModelPrice price,
            @ForAll("rates") BtcUsdRate rate,
            @ForAll @LongRange(min = 0, max = 10_000_000) long promptCharacters,
            @ForAll @LongRange(min = 0, max = 10_000_000) long outputCharacters,
            @ForAll @LongRange(min = 1, max = 100_000_000) long reserved) {
        RequestCost estimate =
                CALCULATOR.estimateFromText(promptCharacters, outputCharacters, price, rate, Msats.of(reserved));

        assertThat(estimate.total()).isLessThanOrEqualTo(Msats.of(reserved));
        assertThat(estimate.basis()).isEqualTo(CostBasis.ESTIMATE);
    }

    private static long floorMsats(long tokens, BigDecimal usdPerToken, BtcUsdRate rate) {
        return BigDecimal.valueOf(tokens)
                .multiply(usdPerToken)
                .multiply(BtcUsdRate.MSATS_PER_BTC)
                .divide(rate.usdPerBtc(), 0, RoundingMode.FLOOR)
                .longValueExact();
    }

    private static TokenUsage bucketed(long input, long output, long cacheRead, long cacheWrite) {
        return new TokenUsage(input, output, cacheRead, cacheWrite, 0, true, true, Optional.empty(), false);
    }

    @Provide
    Arbitrary<ModelPrice> prices() {
        Arbitrary<BigDecimal> perToken = Arbitraries.bigDecimals()
                .between(new BigDecimal("0.0000000001"), new BigDecimal("0.0001"))
                .ofScale(12);
        Arbitrary<ProviderFee> fee = Arbitraries.of("1", "1.01", "1.06", "0.95").map(ProviderFee::of);
        return Combinators.combine(perToken, perToken, perToken, perToken, fee)
                .as((prompt, completion, cacheRead, cacheWrite, providerFee) -> ModelPrice.builder()
                        .prompt(prompt)
                        .completion(completion)
                        .cacheRead(cacheRead)
                        .cacheWrite(cacheWrite)
                        .build()
                        .withFee(providerFee));
    }

    @Provide
    Arbitrary<BtcUsdRate> rates() {
        return Arbitraries.bigDecimals()
                .between(new BigDecimal("10000"), new BigDecimal("1000000"))
                .ofScale(2)
                .map(BtcUsdRate::new);
    }

    @Provide
    Arbitrary<TokenUsage> usages() {
        Arbitrary<Long> tokens = Arbitraries.longs().between(0, 2_000_000);
        return Combinators.combine(tokens, tokens, tokens, tokens).as(CostCalculatorProperties::bucketed);
    }

    @Provide
    Arbitrary<BigDecimal> usd() {
        return Arbitraries.bigDecimals()
                .between(new BigDecimal("0.000000001"), new BigDecimal("100"))
                .ofScale(12);
    }
}

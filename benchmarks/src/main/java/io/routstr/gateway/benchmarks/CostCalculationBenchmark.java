package io.routstr.gateway.benchmarks;

import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.BtcUsdRate;
import io.routstr.gateway.domain.pricing.CostCalculator;
import io.routstr.gateway.domain.pricing.MaxCostEstimator;
import io.routstr.gateway.domain.pricing.ModelLimits;
import io.routstr.gateway.domain.pricing.ModelPrice;
import io.routstr.gateway.domain.pricing.PricingPolicy;
import io.routstr.gateway.domain.pricing.RequestCost;
import io.routstr.gateway.domain.pricing.RequestShape;
import io.routstr.gateway.domain.pricing.ReservationBound;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What pricing costs a paid request: the hold's bound before forwarding ({@link MaxCostEstimator}) and the charge from
 * the upstream's usage after ({@link CostCalculator}), at a USD-priced model with cache and reasoning tokens.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CostCalculationBenchmark {

    private final BtcUsdRate rate = BtcUsdRate.of("95000");
    private final ModelPrice price = ModelPrice.builder()
            .prompt(new BigDecimal("0.000003"))
            .completion(new BigDecimal("0.000015"))
            .cacheRead(new BigDecimal("0.0000003"))
            .limits(ModelLimits.of(200_000, 8_192))
            .build();
    private final TokenUsage usage = TokenUsage.of(1_234, 567).withCache(800, 0).withReasoning(120, true);
    private final RequestShape shape =
            RequestShape.UNKNOWN.withPromptTokens(1_500).withMaxTokens(1_024);
    private final CostCalculator calculator = new CostCalculator(PricingPolicy.DEFAULT);
    private final MaxCostEstimator estimator = new MaxCostEstimator(PricingPolicy.DEFAULT);
    private final Msats held = Msats.of(50_000_000);

    @Benchmark
    public RequestCost chargeFromUsage() {
        return calculator.cost(usage, price, rate, held);
    }

    @Benchmark
    public ReservationBound holdBound() {
        return estimator.bound(price, rate, shape);
    }
}

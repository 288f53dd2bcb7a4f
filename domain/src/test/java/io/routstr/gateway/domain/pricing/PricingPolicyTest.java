package io.routstr.gateway.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.domain.money.Msats;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PricingPolicyTest {

    @Test
    void defaultsAreRoutstrs() {
        PricingPolicy policy = PricingPolicy.DEFAULT;

        assertThat(policy.tolerancePercent()).isEqualByComparingTo("1.0");
        assertThat(policy.minimumRequest()).isEqualTo(Msats.of(1));
        assertThat(policy.fixedPricing()).isFalse();
        assertThat(policy.fixedCostPerRequest()).isEqualTo(Msats.of(1_000));
        assertThat(policy.toleranceFactor()).isEqualByComparingTo("0.99");
    }

    @Test
    void fixedTokenRatesApplyOnlyUnderFixedPricingWithARateSet() {
        assertThat(PricingPolicy.fixed(10, BigDecimal.ZERO, BigDecimal.ZERO).hasFixedTokenRates())
                .isFalse();
        assertThat(PricingPolicy.fixed(10, BigDecimal.ZERO, BigDecimal.ONE).hasFixedTokenRates())
                .isTrue();
        assertThat(new PricingPolicy(BigDecimal.ONE, Msats.of(1), false, 1, BigDecimal.ONE, BigDecimal.ONE)
                        .hasFixedTokenRates())
                .isFalse();
    }

    @Test
    void toleranceIsAPercentageBelowOneHundred() {
        assertThatThrownBy(() -> PricingPolicy.DEFAULT.withTolerancePercent(new BigDecimal("-1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PricingPolicy.DEFAULT.withTolerancePercent(new BigDecimal("100")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PricingPolicy.DEFAULT.withTolerancePercent(BigDecimal.ZERO).toleranceFactor())
                .isEqualByComparingTo("1");
    }

    @Test
    void theMinimumReservationIsPositive() {
        assertThatThrownBy(() -> PricingPolicy.DEFAULT.withMinimumRequest(Msats.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fixedRatesAreNotNegative() {
        assertThatThrownBy(() -> PricingPolicy.fixed(-1, BigDecimal.ZERO, BigDecimal.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PricingPolicy.fixed(1, new BigDecimal("-0.5"), BigDecimal.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.routstr.gateway.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.domain.money.Msats;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class RequestCostTest {

    @Test
    void inputAndOutputMakeTheTotal() {
        assertThatThrownBy(() -> new RequestCost(
                        Msats.of(10),
                        Msats.of(5),
                        Msats.of(4),
                        Msats.ZERO,
                        Msats.ZERO,
                        BigDecimal.ZERO,
                        CostBasis.TOKENS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cacheCostsArePartOfTheInputCost() {
        assertThatThrownBy(() -> new RequestCost(
                        Msats.of(10),
                        Msats.of(5),
                        Msats.of(5),
                        Msats.of(3),
                        Msats.of(3),
                        BigDecimal.ZERO,
                        CostBasis.TOKENS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new RequestCost(
                                Msats.of(10),
                                Msats.of(5),
                                Msats.of(5),
                                Msats.of(3),
                                Msats.of(2),
                                new BigDecimal("0.00001"),
                                CostBasis.TOKENS)
                        .isFree())
                .isFalse();
    }

    @Test
    void aFreeRequestCostsNothingInEveryPart() {
        RequestCost free = RequestCost.free(CostBasis.ESTIMATE);

        assertThat(free.isFree()).isTrue();
        assertThat(free.input()).isEqualTo(Msats.ZERO);
        assertThat(free.totalUsd()).isEqualByComparingTo("0");
        assertThat(free.basis()).isEqualTo(CostBasis.ESTIMATE);
    }

    @Test
    void cappedAtAHold_keepsTheOutputFirstAndTheCacheInsideTheInput() {
        RequestCost cost = new RequestCost(
                Msats.of(100),
                Msats.of(60),
                Msats.of(40),
                Msats.of(30),
                Msats.of(20),
                new BigDecimal("0.0001"),
                CostBasis.TOKENS);

        RequestCost capped = cost.cappedAt(Msats.of(50), BtcUsdRate.of("100000"));

        assertThat(capped.total()).isEqualTo(Msats.of(50));
        assertThat(capped.output()).isEqualTo(Msats.of(40));
        assertThat(capped.input()).isEqualTo(Msats.of(10));
        assertThat(capped.cacheRead()).isEqualTo(Msats.of(10));
        assertThat(capped.cacheWrite()).isEqualTo(Msats.ZERO);
        assertThat(capped.totalUsd()).isEqualByComparingTo("0.00005");
        assertThat(capped.basis()).isEqualTo(CostBasis.TOKENS);
        assertThat(cost.cappedAt(Msats.of(100), BtcUsdRate.of("100000"))).isSameAs(cost);
    }
}

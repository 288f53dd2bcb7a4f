package io.routstr.gateway.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Paths billed per request (extra allowed proxy paths): never free because the answer has no text. */
class PerRequestCostTest {

    /** At 100 000 USD per BTC one msat is one microdollar. */
    private static final BtcUsdRate MICRODOLLAR_PER_MSAT = BtcUsdRate.of("100000");

    private static final Msats RESERVED = Msats.of(1_000_000);
    private static final CostCalculator CALCULATOR = new CostCalculator(PricingPolicy.DEFAULT);

    private static ModelPrice.Builder oneAndTwoMsats() {
        return ModelPrice.builder().prompt(new BigDecimal("0.000001")).completion(new BigDecimal("0.000002"));
    }

    @Test
    void givenAModelWithAPerRequestPrice_chargesItWhateverTheAnswer() {
        ModelPrice price = oneAndTwoMsats().request(new BigDecimal("0.04")).build();

        RequestCost cost = CALCULATOR.perRequest(Optional.empty(), price, MICRODOLLAR_PER_MSAT, RESERVED);

        assertThat(cost.total()).isEqualTo(Msats.of(40_000));
        assertThat(cost.basis()).isEqualTo(CostBasis.PER_REQUEST);
    }

    @Test
    void givenAModelWithoutAPerRequestPrice_chargesTheFixedCostPerRequest() {
        RequestCost cost =
                CALCULATOR.perRequest(Optional.empty(), oneAndTwoMsats().build(), MICRODOLLAR_PER_MSAT, RESERVED);

        assertThat(cost.total()).isEqualTo(PricingPolicy.DEFAULT.fixedCostPerRequest());
        assertThat(cost.isFree()).isFalse();
    }

    @Test
    void givenReportedUsageThatCostsMore_chargesTheUsage() {
        RequestCost cost = CALCULATOR.perRequest(
                Optional.of(TokenUsage.of(10_000, 5_000)), oneAndTwoMsats().build(), MICRODOLLAR_PER_MSAT, RESERVED);

        assertThat(cost.total()).isEqualTo(Msats.of(20_000));
        assertThat(cost.basis()).isEqualTo(CostBasis.TOKENS);
    }

    @Test
    void givenReportedUsageOfNothing_stillChargesThePerRequestPrice() {
        RequestCost cost = CALCULATOR.perRequest(
                Optional.of(TokenUsage.of(0, 0)), oneAndTwoMsats().build(), MICRODOLLAR_PER_MSAT, RESERVED);

        assertThat(cost.total()).isEqualTo(PricingPolicy.DEFAULT.fixedCostPerRequest());
    }
}

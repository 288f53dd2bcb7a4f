package io.routstr.gateway.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ModelPriceTest {

    private static final BigDecimal PROMPT = new BigDecimal("0.000003");
    private static final BigDecimal COMPLETION = new BigDecimal("0.000015");

    @Test
    void givenNoCacheRates_cacheTokensCostThePromptRate() {
        ModelPrice price = ModelPrice.of(PROMPT, COMPLETION);

        assertThat(price.cacheRead()).isEqualByComparingTo(PROMPT);
        assertThat(price.cacheWrite()).isEqualByComparingTo(PROMPT);
    }

    @Test
    void givenCacheRates_keepsThem() {
        ModelPrice price = ModelPrice.builder()
                .prompt(PROMPT)
                .completion(COMPLETION)
                .cacheRead(new BigDecimal("0.0000003"))
                .cacheWrite(new BigDecimal("0.00000375"))
                .build();

        assertThat(price.cacheRead()).isEqualByComparingTo("0.0000003");
        assertThat(price.cacheWrite()).isEqualByComparingTo("0.00000375");
    }

    @Test
    void withFee_multipliesEveryRateAndRemembersTheFee() {
        ModelPrice price = ModelPrice.builder()
                .prompt(PROMPT)
                .completion(COMPLETION)
                .request(new BigDecimal("0.001"))
                .image(new BigDecimal("0.002"))
                .webSearch(new BigDecimal("0.004"))
                .internalReasoning(new BigDecimal("0.00001"))
                .cacheRead(new BigDecimal("0.0000003"))
                .build()
                .withFee(ProviderFee.ROUTSTR_DEFAULT);

        assertThat(price.prompt()).isEqualByComparingTo("0.00000303");
        assertThat(price.completion()).isEqualByComparingTo("0.00001515");
        assertThat(price.request()).isEqualByComparingTo("0.00101");
        assertThat(price.image()).isEqualByComparingTo("0.00202");
        assertThat(price.webSearch()).isEqualByComparingTo("0.00404");
        assertThat(price.internalReasoning()).isEqualByComparingTo("0.0000101");
        assertThat(price.cacheRead()).isEqualByComparingTo("0.000000303");
        assertThat(price.cacheWrite()).isEqualByComparingTo("0.00000303");
        assertThat(price.appliedFee()).isEqualTo(ProviderFee.ROUTSTR_DEFAULT);
    }

    @Test
    void feesAppliedTwiceCompose() {
        ModelPrice price =
                ModelPrice.of(PROMPT, COMPLETION).withFee(ProviderFee.of("1.1")).withFee(ProviderFee.of("1.2"));

        assertThat(price.prompt()).isEqualByComparingTo("0.00000396");
        assertThat(price.appliedFee()).isEqualTo(ProviderFee.of("1.32"));
    }

    @Test
    void aPriceWithoutPromptOrCompletionRateHasNoTokenRates() {
        assertThat(ModelPrice.of(PROMPT, COMPLETION).hasTokenRates()).isTrue();
        assertThat(ModelPrice.of(PROMPT, BigDecimal.ZERO).hasTokenRates()).isTrue();
        assertThat(ModelPrice.of(BigDecimal.ZERO, COMPLETION).hasTokenRates()).isTrue();
        assertThat(ModelPrice.of(BigDecimal.ZERO, BigDecimal.ZERO).hasTokenRates())
                .isFalse();
    }

    @Test
    void negativeRatesAreRefused() {
        assertThatThrownBy(() -> ModelPrice.of(new BigDecimal("-0.1"), COMPLETION))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void feeMultipliersArePositive() {
        assertThatThrownBy(() -> ProviderFee.of("0")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ProviderFee.of("0.95").multiplier()).isEqualByComparingTo("0.95");
        assertThat(ProviderFee.of("1.010")).isEqualTo(ProviderFee.ROUTSTR_DEFAULT);
    }

    @Test
    void limitsArePositiveWhenKnown() {
        assertThatThrownBy(() -> ModelLimits.of(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelLimits.maxCompletionOnly(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ModelLimits.contextOnly(128_000).maxCompletionTokens()).isEmpty();
    }
}

package io.routstr.gateway.domain.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenUsageTest {

    @Test
    void countsAreNeverNegativeNorAbsurd() {
        assertThatThrownBy(() -> TokenUsage.of(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenUsage.of(0, TokenUsage.MAX_TOKENS + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void totalInputIsFreshPlusCachedTokens() {
        assertThat(TokenUsage.of(10, 0).withCache(20, 30).totalInputTokens()).isEqualTo(60);
    }

    @Test
    void reasoningIsAddedToTheOutputOnlyWhenCountedApart() {
        assertThat(TokenUsage.of(0, 50).withReasoning(40, true).billableOutputTokens())
                .isEqualTo(50);
        assertThat(TokenUsage.of(0, 50).withReasoning(40, false).billableOutputTokens())
                .isEqualTo(90);
    }

    @Test
    void aResponseWithOnlyUncountedReasoningStillHasBilledTokens() {
        assertThat(TokenUsage.of(0, 0).withReasoning(5, false).hasNoBilledTokens())
                .isFalse();
        assertThat(TokenUsage.NONE.hasNoBilledTokens()).isTrue();
    }

    @Test
    void reportedCostsAreNotNegative() {
        assertThatThrownBy(() -> ReportedCost.of(new BigDecimal("-0.01"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReportedCost(BigDecimal.ONE, Optional.of(new BigDecimal("-1")), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ReportedCost.of(BigDecimal.ZERO).isPositive()).isFalse();
    }
}

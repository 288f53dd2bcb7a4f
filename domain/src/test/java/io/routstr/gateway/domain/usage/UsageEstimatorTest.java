package io.routstr.gateway.domain.usage;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class UsageEstimatorTest {

    @Test
    void oneTokenPerThreeCharactersRoundedUp() {
        TokenUsage usage = UsageEstimator.estimate(3_000, 301);

        assertThat(usage.inputTokens()).isEqualTo(1_000);
        assertThat(usage.outputTokens()).isEqualTo(101);
        assertThat(usage.cacheReadTokens()).isZero();
        assertThat(usage.reportedCost()).isEmpty();
    }

    @Test
    void anyOutputIsAtLeastOneToken() {
        assertThat(UsageEstimator.estimate(0, 1).outputTokens()).isEqualTo(1);
    }

    @Test
    void noOutputIsNoToken() {
        assertThat(UsageEstimator.estimate(10, 0).outputTokens()).isZero();
    }

    @Test
    void textIsCountedInCodePointsLikePython() {
        // Three emoji: six UTF-16 chars, three Python characters, one token.
        TokenUsage usage = UsageEstimator.estimate("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00", "abcd");

        assertThat(usage.inputTokens()).isEqualTo(1);
        assertThat(usage.outputTokens()).isEqualTo(2);
    }

    @Test
    void missingTextIsEmpty() {
        assertThat(UsageEstimator.estimate(null, null)).isEqualTo(TokenUsage.NONE);
    }

    @Property
    void tokensCoverTheCharactersAtThreeEach(@ForAll @LongRange(min = 0, max = 3_000_000_000_000L) long characters) {
        long tokens = UsageEstimator.tokensFor(characters);

        assertThat(tokens * 3).isGreaterThanOrEqualTo(characters);
        assertThat((tokens - 1) * 3).isLessThan(characters == 0 ? 1 : characters);
    }
}

package io.routstr.gateway.upstream.dialect;

import static io.routstr.gateway.upstream.dialect.Json.object;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.domain.usage.ReportedCost;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class UsageNormalizerTest {

    private static TokenUsage normalize(Map<String, ?> usage) {
        return UsageNormalizer.fromMap(usage).orElseThrow();
    }

    // OpenAI Chat Completions

    @Test
    void givenOpenAiChatUsage_cachedTokensAreTakenOutOfThePromptCount() {
        TokenUsage usage = normalize(object(
                "prompt_tokens", 1_000,
                "completion_tokens", 500,
                "total_tokens", 1_500,
                "prompt_tokens_details", object("cached_tokens", 200, "audio_tokens", 0),
                "completion_tokens_details", object("reasoning_tokens", 100)));

        assertThat(usage.inputTokens()).isEqualTo(800);
        assertThat(usage.cacheReadTokens()).isEqualTo(200);
        assertThat(usage.cacheWriteTokens()).isZero();
        assertThat(usage.outputTokens()).isEqualTo(500);
        assertThat(usage.reasoningTokens()).isEqualTo(100);
        assertThat(usage.reasoningInOutput()).isTrue();
        assertThat(usage.billableOutputTokens()).isEqualTo(500);
        assertThat(usage.totalInputTokens()).isEqualTo(1_000);
        assertThat(usage.reportedCost()).isEmpty();
        assertThat(usage.countsReported()).isTrue();
    }

    @Test
    void givenOpenRouterCacheWrites_theyAreTakenOutOfThePromptCountToo() {
        TokenUsage usage = normalize(object(
                "prompt_tokens", 1_000,
                "completion_tokens", 10,
                "prompt_tokens_details", object("cached_tokens", 300, "cache_write_tokens", 400)));

        assertThat(usage.inputTokens()).isEqualTo(300);
        assertThat(usage.cacheReadTokens()).isEqualTo(300);
        assertThat(usage.cacheWriteTokens()).isEqualTo(400);
    }

    @Test
    void givenCacheCreationTokensInPromptDetails_readsThemAsCacheWrites() {
        TokenUsage usage = normalize(object(
                "prompt_tokens", 1_000,
                "completion_tokens", 10,
                "prompt_tokens_details", object("cache_creation_tokens", 250)));

        assertThat(usage.cacheWriteTokens()).isEqualTo(250);
        assertThat(usage.inputTokens()).isEqualTo(750);
    }

    @Test
    void givenReasoningCountedApartFromTheCompletion_billsItAsOutput() {
        // total_tokens = prompt + completion + reasoning: the completion count left the reasoning out.
        TokenUsage usage = normalize(object(
                "prompt_tokens", 10,
                "completion_tokens", 20,
                "total_tokens", 130,
                "completion_tokens_details", object("reasoning_tokens", 100)));

        assertThat(usage.reasoningInOutput()).isFalse();
        assertThat(usage.billableOutputTokens()).isEqualTo(120);
    }

    @Test
    void givenReasoningWithoutATotal_takesItAsPartOfTheCompletion() {
        TokenUsage usage = normalize(object(
                "prompt_tokens", 10,
                "completion_tokens", 120,
                "completion_tokens_details", object("reasoning_tokens", 100)));

        assertThat(usage.reasoningInOutput()).isTrue();
        assertThat(usage.billableOutputTokens()).isEqualTo(120);
    }

    // OpenAI Responses

    @Test
    void givenOpenAiResponsesUsage_cachedTokensAreTakenOutOfTheInputCount() {
        TokenUsage usage = normalize(object(
                "input_tokens", 1_000,
                "input_tokens_details", object("cached_tokens", 200),
                "output_tokens", 500,
                "output_tokens_details", object("reasoning_tokens", 100),
                "total_tokens", 1_500));

        assertThat(usage.inputTokens()).isEqualTo(800);
        assertThat(usage.cacheReadTokens()).isEqualTo(200);
        assertThat(usage.outputTokens()).isEqualTo(500);
        assertThat(usage.reasoningTokens()).isEqualTo(100);
        assertThat(usage.billableOutputTokens()).isEqualTo(500);
    }

    // Anthropic Messages

    @Test
    void givenAnthropicUsage_cacheTokensAreAddedBesideTheInputCount() {
        TokenUsage usage = normalize(object(
                "input_tokens", 50,
                "cache_read_input_tokens", 1_000,
                "cache_creation_input_tokens", 200,
                "output_tokens", 300,
                "cache_creation", object("ephemeral_5m_input_tokens", 200),
                "service_tier", "standard"));

        assertThat(usage.inputTokens()).isEqualTo(50);
        assertThat(usage.cacheReadTokens()).isEqualTo(1_000);
        assertThat(usage.cacheWriteTokens()).isEqualTo(200);
        assertThat(usage.outputTokens()).isEqualTo(300);
        assertThat(usage.totalInputTokens()).isEqualTo(1_250);
    }

    @Test
    void givenAnthropicCacheFieldsBesideChatCounts_thePromptCountIncludesThem() {
        // A translated response (OpenAI shape carrying Anthropic's cache fields) counts the cache in prompt_tokens.
        TokenUsage usage = normalize(object(
                "prompt_tokens", 1_250,
                "completion_tokens", 300,
                "cache_read_input_tokens", 1_000,
                "cache_creation_input_tokens", 200));

        assertThat(usage.inputTokens()).isEqualTo(50);
        assertThat(usage.cacheReadTokens()).isEqualTo(1_000);
        assertThat(usage.cacheWriteTokens()).isEqualTo(200);
    }

    // DeepSeek

    @Test
    void givenDeepSeekUsage_cacheHitsAreCacheReads() {
        TokenUsage usage = normalize(object(
                "prompt_tokens", 1_000,
                "prompt_cache_hit_tokens", 600,
                "prompt_cache_miss_tokens", 400,
                "completion_tokens", 100));

        assertThat(usage.inputTokens()).isEqualTo(400);
        assertThat(usage.cacheReadTokens()).isEqualTo(600);
        assertThat(usage.outputTokens()).isEqualTo(100);
    }

    @Test
    void givenDeepSeekCountsWithoutAPromptTotal_theMissesAreTheInput() {
        TokenUsage usage = normalize(object("prompt_cache_hit_tokens", 600, "prompt_cache_miss_tokens", 400));

        assertThat(usage.inputTokens()).isEqualTo(400);
        assertThat(usage.cacheReadTokens()).isEqualTo(600);
        assertThat(usage.outputTokens()).isZero();
    }

    // OpenRouter USD cost

    @Test
    void givenOpenRouterCost_readsTheReportedUsd() {
        TokenUsage usage = normalize(object("prompt_tokens", 10, "completion_tokens", 5, "cost", "0.0123"));

        assertThat(usage.reportedCost()).hasValueSatisfying(cost -> {
            assertThat(cost.totalUsd()).isEqualByComparingTo("0.0123");
            assertThat(cost.inputUsd()).isEmpty();
            assertThat(cost.outputUsd()).isEmpty();
        });
        assertThat(usage.isByok()).isFalse();
    }

    @Test
    void givenCostDetailsTotal_itComesFirst() {
        TokenUsage usage = normalize(object(
                "prompt_tokens",
                10,
                "completion_tokens",
                5,
                "cost",
                0.01,
                "total_cost",
                0.03,
                "cost_details",
                object("total_cost", new BigDecimal("0.02"))));

        assertThat(usage.reportedCost().orElseThrow().totalUsd()).isEqualByComparingTo("0.02");
    }

    @Test
    void givenByok_billsTheUpstreamInferenceCostPlusTheByokFee() {
        TokenUsage usage = normalize(object(
                "prompt_tokens",
                10,
                "completion_tokens",
                5,
                "is_byok",
                true,
                "cost",
                "0.0005",
                "cost_details",
                object(
                        "upstream_inference_cost", "0.01",
                        "upstream_inference_prompt_cost", "0.004",
                        "upstream_inference_completions_cost", "0.006")));

        assertThat(usage.isByok()).isTrue();
        ReportedCost cost = usage.reportedCost().orElseThrow();
        assertThat(cost.totalUsd()).isEqualByComparingTo("0.0105");
        assertThat(cost.inputUsd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.004"));
        assertThat(cost.outputUsd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.006"));
    }

    @Test
    void givenAnUpstreamInferenceCostWithoutByok_billsTheReportedCostOnly() {
        TokenUsage usage = normalize(object(
                "prompt_tokens",
                10,
                "completion_tokens",
                5,
                "cost",
                "0.0005",
                "cost_details",
                object("upstream_inference_cost", "0.01")));

        assertThat(usage.reportedCost().orElseThrow().totalUsd()).isEqualByComparingTo("0.0005");
    }

    @Test
    void givenTotalCostWithoutCost_readsTheTotal() {
        TokenUsage usage = normalize(object("prompt_tokens", 10, "completion_tokens", 5, "total_cost", 0.004));

        assertThat(usage.reportedCost().orElseThrow().totalUsd()).isEqualByComparingTo("0.004");
    }

    @Test
    void givenAZeroCostBeforeAPositiveOne_readsThePositiveOne() {
        TokenUsage usage = normalize(object(
                "prompt_tokens", 10,
                "completion_tokens", 5,
                "cost", 0,
                "cost_details", object("total_cost", 0),
                "total_cost", "0.002"));

        assertThat(usage.reportedCost().orElseThrow().totalUsd()).isEqualByComparingTo("0.002");
    }

    @Test
    void givenOnlyZeroCosts_thereIsNoReportedCost() {
        TokenUsage usage = normalize(object("prompt_tokens", 10, "completion_tokens", 5, "cost", 0));

        assertThat(usage.reportedCost()).isEmpty();
    }

    @Test
    void givenAnInputOutputSplit_keepsIt() {
        TokenUsage usage = normalize(object(
                "prompt_tokens",
                10,
                "completion_tokens",
                5,
                "cost",
                "0.01",
                "cost_details",
                object("input_cost", "0.004", "output_cost", "0.006")));

        ReportedCost cost = usage.reportedCost().orElseThrow();
        assertThat(cost.inputUsd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.004"));
        assertThat(cost.outputUsd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.006"));
    }

    @Test
    void givenACostObjectInsteadOfANumber_ignoresIt() {
        // Another Routstr node upstream replaces usage.cost with its own msats breakdown.
        TokenUsage usage = normalize(object(
                "prompt_tokens", 10, "completion_tokens", 5, "cost", object("total_msats", 1_234, "total_usd", 0.1)));

        assertThat(usage.reportedCost()).isEmpty();
    }

    @Test
    void givenOnlyACost_isUsageWithoutCounts() {
        TokenUsage usage = normalize(object("cost", "0.01"));

        assertThat(usage.countsReported()).isFalse();
        assertThat(usage.reportedCost()).isPresent();
    }

    @Test
    void givenAResponseBody_fallsBackToItsTopLevelCost() {
        Map<String, Object> body =
                object("id", "chatcmpl-1", "usage", object("prompt_tokens", 10, "completion_tokens", 5), "cost", 0.07);

        TokenUsage usage = UsageNormalizer.fromResponse(body).orElseThrow();

        assertThat(usage.reportedCost().orElseThrow().totalUsd()).isEqualByComparingTo("0.07");
    }

    @Test
    void givenAResponseBodyWithoutUsage_hasNoUsageEvenWithACost() {
        assertThat(UsageNormalizer.fromResponse(object("id", "x", "cost", 0.07)))
                .isEmpty();
        assertThat(UsageNormalizer.fromResponse(object("usage", null))).isEmpty();
        assertThat(UsageNormalizer.fromResponse(null)).isEmpty();
    }

    @Test
    void givenACostAsAJsonDouble_readsItsDecimalText() {
        TokenUsage usage = normalize(object("prompt_tokens", 1, "completion_tokens", 1, "cost", 0.1));

        assertThat(usage.reportedCost().orElseThrow().totalUsd()).isEqualTo(new BigDecimal("0.1"));
    }

    // Odd upstream JSON

    @Test
    void givenNoUsage_isEmpty() {
        assertThat(UsageNormalizer.fromMap(null)).isEmpty();
        assertThat(UsageNormalizer.fromMap(Map.of())).isEmpty();
        assertThat(UsageNormalizer.fromMap(object("total_tokens", 100))).isEmpty();
        assertThat(UsageNormalizer.fromMap(object("prompt_tokens", null, "completion_tokens", "n/a")))
                .isEmpty();
    }

    @Test
    void givenZeroCounts_isAnEmptyResponseNotMissingUsage() {
        TokenUsage usage = normalize(object("prompt_tokens", 0, "completion_tokens", 0));

        assertThat(usage.countsReported()).isTrue();
        assertThat(usage.hasNoBilledTokens()).isTrue();
    }

    @Test
    void givenNumbersAsStrings_readsThem() {
        TokenUsage usage = normalize(object("prompt_tokens", " 12 ", "completion_tokens", "7"));

        assertThat(usage.inputTokens()).isEqualTo(12);
        assertThat(usage.outputTokens()).isEqualTo(7);
    }

    @Test
    void givenNegativeCounts_clampsThemToZero() {
        TokenUsage usage = normalize(object(
                "prompt_tokens", -5,
                "completion_tokens", 3,
                "prompt_tokens_details", object("cached_tokens", -2)));

        assertThat(usage.inputTokens()).isZero();
        assertThat(usage.cacheReadTokens()).isZero();
        assertThat(usage.outputTokens()).isEqualTo(3);
    }

    @Test
    void givenMoreCachedTokensThanPromptTokens_theFreshInputIsZero() {
        TokenUsage usage = normalize(object(
                "prompt_tokens", 10, "completion_tokens", 3, "prompt_tokens_details", object("cached_tokens", 50)));

        assertThat(usage.inputTokens()).isZero();
        assertThat(usage.cacheReadTokens()).isEqualTo(50);
    }

    @Test
    void givenFractionalCounts_roundsThemUp() {
        TokenUsage usage = normalize(object("prompt_tokens", 12.2, "completion_tokens", new BigDecimal("7.0")));

        assertThat(usage.inputTokens()).isEqualTo(13);
        assertThat(usage.outputTokens()).isEqualTo(7);
    }

    @Test
    void givenHugeCounts_clampsThem() {
        TokenUsage usage = normalize(object(
                "prompt_tokens", new BigInteger("123456789012345678901234567890"),
                "completion_tokens", "1e30",
                "cost", "1e300"));

        assertThat(usage.inputTokens()).isEqualTo(TokenUsage.MAX_TOKENS);
        assertThat(usage.outputTokens()).isEqualTo(TokenUsage.MAX_TOKENS);
        assertThat(usage.reportedCost().orElseThrow().totalUsd()).isEqualByComparingTo(UsageNormalizer.MAX_USD);
    }

    @Test
    @Timeout(5)
    void givenAbsurdExponents_answersAtOnce() {
        TokenUsage usage = normalize(object(
                "prompt_tokens", "1e-999999999",
                "completion_tokens", "1e999999999",
                "cost", "1e-999999999"));

        assertThat(usage.inputTokens()).isZero();
        assertThat(usage.outputTokens()).isEqualTo(TokenUsage.MAX_TOKENS);
        assertThat(usage.reportedCost()).isEmpty();
    }

    @Test
    void givenValuesOfTheWrongType_ignoresThem() {
        TokenUsage usage = normalize(object(
                "prompt_tokens",
                10,
                "completion_tokens",
                true,
                "output_tokens",
                4,
                "prompt_tokens_details",
                "cached",
                "completion_tokens_details",
                List.of(1, 2),
                "cost",
                "NaN",
                "total_cost",
                "-0.5",
                "is_byok",
                "yes"));

        assertThat(usage.inputTokens()).isEqualTo(10);
        assertThat(usage.outputTokens()).isEqualTo(4);
        assertThat(usage.reportedCost()).isEmpty();
        assertThat(usage.isByok()).isFalse();
    }

    @Test
    void givenByokAsAString_readsIt() {
        TokenUsage usage = normalize(object(
                "prompt_tokens",
                1,
                "completion_tokens",
                1,
                "is_byok",
                "TRUE",
                "cost",
                0.001,
                "cost_details",
                object("upstream_inference_cost", 0.002)));

        assertThat(usage.isByok()).isTrue();
        assertThat(usage.reportedCost().orElseThrow().totalUsd()).isEqualByComparingTo("0.003");
    }
}

package io.routstr.gateway.upstream.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.domain.usage.TokenUsage;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever an upstream sends as {@code usage}, normalising it never throws and never yields a negative count. */
class UsageNormalizerProperties {

    private static final List<String> KEYS = List.of(
            "prompt_tokens",
            "completion_tokens",
            "total_tokens",
            "input_tokens",
            "output_tokens",
            "cache_read_input_tokens",
            "cache_creation_input_tokens",
            "prompt_cache_hit_tokens",
            "prompt_cache_miss_tokens",
            "prompt_tokens_details",
            "completion_tokens_details",
            "input_tokens_details",
            "output_tokens_details",
            "cached_tokens",
            "cache_write_tokens",
            "cache_creation_tokens",
            "reasoning_tokens",
            "cost",
            "total_cost",
            "cost_details",
            "upstream_inference_cost",
            "upstream_inference_prompt_cost",
            "upstream_inference_completions_cost",
            "input_cost",
            "output_cost",
            "is_byok",
            "unrelated");

    @Property(tries = 1_000)
    void normalisingAnyJsonObjectNeverThrows(@ForAll("usageObjects") Map<String, Object> usage) {
        Optional<TokenUsage> normalised = UsageNormalizer.fromMap(usage);

        normalised.ifPresent(tokens -> {
            assertThat(tokens.inputTokens()).isBetween(0L, TokenUsage.MAX_TOKENS);
            assertThat(tokens.outputTokens()).isBetween(0L, TokenUsage.MAX_TOKENS);
            tokens.reportedCost()
                    .ifPresent(cost -> assertThat(cost.isPositive()).isTrue());
            assertThat(tokens.countsReported() || tokens.reportedCost().isPresent())
                    .isTrue();
        });
    }

    @Property(tries = 300)
    void wholeResponsesNeverThrowEither(
            @ForAll("usageObjects") Map<String, Object> usage, @ForAll("values") Object cost) {
        Map<String, Object> body = Json.object("usage", usage, "cost", cost);

        assertThat(UsageNormalizer.fromResponse(body)).isNotNull();
    }

    @Provide
    Arbitrary<Map<String, Object>> usageObjects() {
        return Arbitraries.lazyOf(
                () -> Arbitraries.maps(Arbitraries.of(KEYS), values()).ofMaxSize(8),
                () -> Arbitraries.maps(Arbitraries.of(KEYS), Arbitraries.oneOf(values(), nested()))
                        .ofMaxSize(10));
    }

    private Arbitrary<Object> nested() {
        return Arbitraries.maps(Arbitraries.of(KEYS), values()).ofMaxSize(4).map(map -> (Object) map);
    }

    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(Object.class::cast),
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.bigIntegers()
                        .between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                        .map(Object.class::cast),
                Arbitraries.bigDecimals()
                        .between(new BigDecimal("-1e12"), new BigDecimal("1e12"))
                        .ofScale(6)
                        .map(Object.class::cast),
                Arbitraries.of(
                                "12",
                                " 7 ",
                                "-3",
                                "0.001",
                                "1e999999999",
                                "-1e-999999999",
                                "NaN",
                                "Infinity",
                                "",
                                "abc",
                                "true")
                        .map(Object.class::cast),
                Arbitraries.strings().ofMaxLength(12).map(Object.class::cast),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(Object.class::cast),
                Arbitraries.just(List.of(1, "2")).map(Object.class::cast),
                Arbitraries.just((Object) null));
    }
}

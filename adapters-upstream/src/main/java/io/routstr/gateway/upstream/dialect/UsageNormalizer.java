package io.routstr.gateway.upstream.dialect;

import io.routstr.gateway.domain.usage.ReportedCost;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads an upstream's {@code usage} object, already parsed into nested {@code Map}s, {@code List}s, numbers, strings
 * and booleans, into one {@link TokenUsage}, whichever dialect it is in.
 *
 * <p>Dialects (Routstr's {@code normalize_usage}, extended to OpenAI Responses):
 *
 * <ul>
 *   <li>OpenAI Chat: {@code prompt_tokens} (cached tokens included), {@code completion_tokens} (reasoning included),
 *       {@code prompt_tokens_details.cached_tokens}, {@code prompt_tokens_details.cache_write_tokens} or
 *       {@code cache_creation_tokens} (OpenRouter), {@code completion_tokens_details.reasoning_tokens}.
 *   <li>OpenAI Responses: {@code input_tokens} (cached tokens included), {@code output_tokens},
 *       {@code input_tokens_details.cached_tokens}, {@code output_tokens_details.reasoning_tokens}.
 *   <li>Anthropic Messages: {@code input_tokens} <em>excluding</em> cache, plus {@code cache_read_input_tokens} and
 *       {@code cache_creation_input_tokens}.
 *   <li>DeepSeek: {@code prompt_cache_hit_tokens} + {@code prompt_cache_miss_tokens} = {@code prompt_tokens}.
 *   <li>OpenRouter USD cost, first positive of: {@code cost_details.total_cost}; when {@code is_byok},
 *       {@code cost_details.upstream_inference_cost + cost} (the BYOK fee alone would under-bill twentyfold);
 *       {@code total_cost}; {@code cost}; then the response's own {@code total_cost} and {@code cost}. Split from
 *       {@code cost_details.input_cost | upstream_inference_prompt_cost} and
 *       {@code cost_details.output_cost | upstream_inference_completions_cost}.
 * </ul>
 *
 * <p>Reasoning tokens are taken to be inside the output count unless {@code total_tokens} shows they were counted
 * apart ({@code total = input + output + reasoning}).
 *
 * <p>Upstream JSON is not trusted to be tidy: missing, {@code null}, non-numeric and non-finite values are absent;
 * numbers in strings are read; negative counts are zero; fractional counts round up; counts and costs are clamped to
 * sane maxima. Nothing here throws on odd input; no usable usage gives {@link Optional#empty()}.
 */
public final class UsageNormalizer {

    /** Costs above a billion dollars are taken as a billion: far beyond any request, safe for msats arithmetic. */
    static final BigDecimal MAX_USD = BigDecimal.TEN.pow(9);

    /** Orders of magnitude beyond which a number is treated as huge or as zero without computing with it. */
    private static final int MAX_MAGNITUDE = 40;

    private UsageNormalizer() {}

    /** The usage in {@code usage}, an upstream's {@code usage} object; empty when it has no token counts or cost. */
    public static Optional<TokenUsage> fromMap(Map<String, ?> usage) {
        return normalize(usage, Map.of());
    }

    /**
     * The usage of a whole response body: its {@code usage} object, with the body's top-level {@code total_cost} and
     * {@code cost} as the last USD fallbacks. Empty when the body has no usable {@code usage}.
     */
    public static Optional<TokenUsage> fromResponse(Map<String, ?> response) {
        if (response == null) {
            return Optional.empty();
        }
        Map<?, ?> usage = asMap(response.get("usage"));
        return usage.isEmpty() ? Optional.empty() : normalize(usage, response);
    }

    private static Optional<TokenUsage> normalize(Map<?, ?> usage, Map<?, ?> response) {
        if (usage == null || usage.isEmpty()) {
            return Optional.empty();
        }
        Map<?, ?> promptDetails = asMap(usage.get("prompt_tokens_details"));
        Map<?, ?> inputDetails = asMap(usage.get("input_tokens_details"));
        Map<?, ?> completionDetails = asMap(usage.get("completion_tokens_details"));
        Map<?, ?> outputDetails = asMap(usage.get("output_tokens_details"));

        OptionalLong promptTokens = count(usage.get("prompt_tokens"));
        OptionalLong inputTokens = count(usage.get("input_tokens"));
        OptionalLong completionTokens = count(usage.get("completion_tokens"));
        OptionalLong outputTokens = count(usage.get("output_tokens"));
        OptionalLong anthropicRead = count(usage.get("cache_read_input_tokens"));
        OptionalLong anthropicWrite = count(usage.get("cache_creation_input_tokens"));
        OptionalLong deepSeekHit = count(usage.get("prompt_cache_hit_tokens"));
        OptionalLong deepSeekMiss = count(usage.get("prompt_cache_miss_tokens"));
        OptionalLong responsesRead = count(inputDetails.get("cached_tokens"));
        OptionalLong responsesWrite =
                first(count(inputDetails.get("cache_creation_tokens")), count(inputDetails.get("cache_write_tokens")));

        // Anthropic's cache fields come before the OpenAI details, as in Routstr; an upstream sends one dialect.
        long cacheRead = first(anthropicRead, count(promptDetails.get("cached_tokens")), responsesRead, deepSeekHit)
                .orElse(0);
        long cacheWrite = first(
                        anthropicWrite,
                        count(promptDetails.get("cache_creation_tokens")),
                        count(promptDetails.get("cache_write_tokens")),
                        responsesWrite)
                .orElse(0);

        long input;
        if (promptTokens.isPresent()) {
            // Chat-style totals include every cached token.
            input = Math.max(0, promptTokens.getAsLong() - cacheRead - cacheWrite);
        } else if (inputTokens.isPresent()) {
            // Responses counts cached tokens inside input_tokens; Anthropic counts them beside it.
            long included = (anthropicRead.isEmpty() ? responsesRead.orElse(0) : 0)
                    + (anthropicWrite.isEmpty() ? responsesWrite.orElse(0) : 0);
            input = Math.max(0, inputTokens.getAsLong() - included);
        } else {
            input = deepSeekMiss.orElse(0);
        }
        long output = first(completionTokens, outputTokens).orElse(0);
        long reasoning = first(
                        count(completionDetails.get("reasoning_tokens")),
                        count(outputDetails.get("reasoning_tokens")),
                        count(usage.get("reasoning_tokens")))
                .orElse(0);
        boolean reasoningInOutput = reasoningCountedInOutput(
                count(usage.get("total_tokens")), input + cacheRead + cacheWrite, output, reasoning);

        boolean countsReported = promptTokens.isPresent()
                || inputTokens.isPresent()
                || completionTokens.isPresent()
                || outputTokens.isPresent()
                || anthropicRead.isPresent()
                || anthropicWrite.isPresent()
                || deepSeekHit.isPresent()
                || deepSeekMiss.isPresent();
        boolean byok = flag(usage.get("is_byok"));
        Optional<ReportedCost> cost = reportedCost(usage, response, byok);
        if (!countsReported && cost.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TokenUsage(
                clamp(input),
                clamp(output),
                clamp(cacheRead),
                clamp(cacheWrite),
                clamp(reasoning),
                reasoningInOutput,
                countsReported,
                cost,
                byok));
    }

    private static boolean reasoningCountedInOutput(OptionalLong totalTokens, long input, long output, long reasoning) {
        if (reasoning == 0 || totalTokens.isEmpty()) {
            return true;
        }
        long total = totalTokens.getAsLong();
        return total != input + output + reasoning;
    }

    private static Optional<ReportedCost> reportedCost(Map<?, ?> usage, Map<?, ?> response, boolean byok) {
        Map<?, ?> details = asMap(usage.get("cost_details"));
        Optional<BigDecimal> usageCost = usd(usage.get("cost"));
        Optional<BigDecimal> byokCost = byok
                ? usd(details.get("upstream_inference_cost"))
                        .map(upstream -> upstream.add(usageCost.orElse(BigDecimal.ZERO)))
                : Optional.empty();
        Optional<BigDecimal> total = firstPositive(
                usd(details.get("total_cost")),
                byokCost,
                usd(usage.get("total_cost")),
                usageCost,
                usd(response.get("total_cost")),
                usd(response.get("cost")));
        return total.map(usd -> new ReportedCost(
                clampUsd(usd),
                firstPresent(usd(details.get("input_cost")), usd(details.get("upstream_inference_prompt_cost")))
                        .map(UsageNormalizer::clampUsd),
                firstPresent(usd(details.get("output_cost")), usd(details.get("upstream_inference_completions_cost")))
                        .map(UsageNormalizer::clampUsd)));
    }

    private static Map<?, ?> asMap(Object value) {
        return value instanceof Map<?, ?> map ? map : Map.of();
    }

    /** A token count: whole, non-negative, clamped; absent when the value is not a number. */
    private static OptionalLong count(Object value) {
        Optional<BigDecimal> number = decimal(value);
        if (number.isEmpty()) {
            return OptionalLong.empty();
        }
        BigDecimal tokens = number.get();
        if (tokens.signum() <= 0) {
            return OptionalLong.of(0);
        }
        if (tokens.compareTo(BigDecimal.valueOf(TokenUsage.MAX_TOKENS)) >= 0) {
            return OptionalLong.of(TokenUsage.MAX_TOKENS);
        }
        return OptionalLong.of(tokens.setScale(0, RoundingMode.CEILING).longValueExact());
    }

    /** A USD amount; absent when not a number or negative. */
    private static Optional<BigDecimal> usd(Object value) {
        return decimal(value).filter(usd -> usd.signum() >= 0);
    }

    private static BigDecimal clampUsd(BigDecimal usd) {
        return usd.min(MAX_USD);
    }

    private static long clamp(long tokens) {
        return Math.max(0, Math.min(tokens, TokenUsage.MAX_TOKENS));
    }

    /**
     * A JSON number, or a string holding one. Magnitudes past {@link #MAX_MAGNITUDE} orders are replaced before any
     * arithmetic touches them, because rescaling a number like {@code 1e-999999999} would take minutes.
     */
    private static Optional<BigDecimal> decimal(Object value) {
        BigDecimal number;
        try {
            number = switch (value) {
                case BigDecimal d -> d;
                case BigInteger i -> new BigDecimal(i);
                case Number n -> new BigDecimal(n.toString());
                case String s -> new BigDecimal(s.strip());
                case null, default -> null;
            };
        } catch (NumberFormatException notANumber) {
            // NaN, Infinity and text that is not a number: the field is treated as absent.
            return Optional.empty();
        }
        if (number == null) {
            return Optional.empty();
        }
        if (number.signum() == 0) {
            return Optional.of(BigDecimal.ZERO);
        }
        int magnitude = number.precision() - number.scale();
        if (magnitude > MAX_MAGNITUDE) {
            return Optional.of(BigDecimal.TEN.pow(MAX_MAGNITUDE).multiply(BigDecimal.valueOf(number.signum())));
        }
        if (magnitude < -MAX_MAGNITUDE) {
            return Optional.of(BigDecimal.ZERO);
        }
        return Optional.of(number);
    }

    private static boolean flag(Object value) {
        return switch (value) {
            case Boolean b -> b;
            case String s -> s.strip().equalsIgnoreCase("true");
            case null, default -> false;
        };
    }

    private static OptionalLong first(OptionalLong... candidates) {
        for (OptionalLong candidate : candidates) {
            if (candidate.isPresent()) {
                return candidate;
            }
        }
        return OptionalLong.empty();
    }

    @SafeVarargs
    private static Optional<BigDecimal> firstPresent(Optional<BigDecimal>... candidates) {
        for (Optional<BigDecimal> candidate : candidates) {
            if (candidate.isPresent()) {
                return candidate;
            }
        }
        return Optional.empty();
    }

    @SafeVarargs
    private static Optional<BigDecimal> firstPositive(Optional<BigDecimal>... candidates) {
        for (Optional<BigDecimal> candidate : candidates) {
            if (candidate.isPresent() && candidate.get().signum() > 0) {
                return candidate;
            }
        }
        return Optional.empty();
    }
}

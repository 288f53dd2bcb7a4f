package io.routstr.gateway.domain.usage;

import java.util.Objects;
import java.util.Optional;

/**
 * The token counts of one request, normalised across upstream dialects, and the USD cost the upstream reported.
 *
 * <p>The four billed buckets are disjoint: {@code inputTokens} are prompt tokens read neither from nor into a cache,
 * {@code cacheReadTokens} were served from the prompt cache, {@code cacheWriteTokens} were written to it, and
 * {@code outputTokens} were generated. {@code reasoningTokens} are informational when {@code reasoningInOutput}
 * (OpenAI and Anthropic count them inside the output); otherwise they are billed on top of the output.
 *
 * @param countsReported whether the upstream reported token counts at all; {@code false} when only a USD cost came
 *     back, so that zero counts are not mistaken for an empty response
 * @param isByok the upstream ran the request on the customer's own provider key (OpenRouter's {@code is_byok}); its
 *     reported cost then excludes the inference the provider billed directly
 */
public record TokenUsage(
        long inputTokens,
        long outputTokens,
        long cacheReadTokens,
        long cacheWriteTokens,
        long reasoningTokens,
        boolean reasoningInOutput,
        boolean countsReported,
        Optional<ReportedCost> reportedCost,
        boolean isByok) {

    /**
     * The largest count kept for any bucket: far above any real context, low enough that no arithmetic on counts
     * and per-token prices can overflow. Normalisation clamps odd upstream numbers to it.
     */
    public static final long MAX_TOKENS = 1_000_000_000_000L;

    /** A request that used nothing. */
    public static final TokenUsage NONE = of(0, 0);

    public TokenUsage {
        requireCount(inputTokens, "input");
        requireCount(outputTokens, "output");
        requireCount(cacheReadTokens, "cache read");
        requireCount(cacheWriteTokens, "cache write");
        requireCount(reasoningTokens, "reasoning");
        Objects.requireNonNull(reportedCost, "reported cost");
    }

    /** Plain input and output tokens, nothing cached, no reasoning, no reported cost. */
    public static TokenUsage of(long inputTokens, long outputTokens) {
        return new TokenUsage(inputTokens, outputTokens, 0, 0, 0, true, true, Optional.empty(), false);
    }

    public TokenUsage withCache(long readTokens, long writeTokens) {
        return new TokenUsage(
                inputTokens,
                outputTokens,
                readTokens,
                writeTokens,
                reasoningTokens,
                reasoningInOutput,
                countsReported,
                reportedCost,
                isByok);
    }

    /** With {@code tokens} of reasoning, counted inside the output or on top of it. */
    public TokenUsage withReasoning(long tokens, boolean includedInOutput) {
        return new TokenUsage(
                inputTokens,
                outputTokens,
                cacheReadTokens,
                cacheWriteTokens,
                tokens,
                includedInOutput,
                countsReported,
                reportedCost,
                isByok);
    }

    public TokenUsage withReportedCost(ReportedCost cost) {
        return new TokenUsage(
                inputTokens,
                outputTokens,
                cacheReadTokens,
                cacheWriteTokens,
                reasoningTokens,
                reasoningInOutput,
                countsReported,
                Optional.of(cost),
                isByok);
    }

    /** Every prompt token: fresh, cache read and cache write. */
    public long totalInputTokens() {
        return inputTokens + cacheReadTokens + cacheWriteTokens;
    }

    /** Output tokens to bill: reasoning is added only when the upstream counted it apart from the output. */
    public long billableOutputTokens() {
        return reasoningInOutput ? outputTokens : outputTokens + reasoningTokens;
    }

    /** Whether every billed bucket is empty: an upstream response with nothing in it. */
    public boolean hasNoBilledTokens() {
        return totalInputTokens() == 0 && billableOutputTokens() == 0;
    }

    private static void requireCount(long tokens, String name) {
        if (tokens < 0 || tokens > MAX_TOKENS) {
            throw new IllegalArgumentException(name + " tokens out of range: " + tokens);
        }
    }
}

package io.routstr.gateway.domain.usage;

/**
 * Estimates the usage of a response that came back without one, from the characters sent and received: one token
 * per three characters, rounded up.
 */
public final class UsageEstimator {

    private static final int CHARACTERS_PER_TOKEN = 3;

    private UsageEstimator() {}

    /** Estimated usage of a prompt of {@code promptCharacters} answered with {@code outputCharacters}. */
    public static TokenUsage estimate(long promptCharacters, long outputCharacters) {
        return TokenUsage.of(tokensFor(promptCharacters), tokensFor(outputCharacters));
    }

    /** Estimated usage from the texts themselves; characters are Unicode code points, as Python's {@code len}. */
    public static TokenUsage estimate(CharSequence prompt, CharSequence output) {
        return estimate(characters(prompt), characters(output));
    }

    /**
     * Tokens in {@code characters} of text: rounded up, so any output at all is at least one token. Clamped to
     * {@link TokenUsage#MAX_TOKENS}.
     */
    public static long tokensFor(long characters) {
        if (characters < 0) {
            throw new IllegalArgumentException("characters cannot be negative: " + characters);
        }
        return Math.min(Math.ceilDiv(characters, CHARACTERS_PER_TOKEN), TokenUsage.MAX_TOKENS);
    }

    private static long characters(CharSequence text) {
        return text == null ? 0 : text.codePoints().count();
    }
}

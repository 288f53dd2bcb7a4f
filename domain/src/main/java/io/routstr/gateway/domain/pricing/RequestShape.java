package io.routstr.gateway.domain.pricing;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * What the request body says about its size before it is forwarded: a prompt-size estimate and the output caps it
 * asks for. Each part is optional; an absent part earns no discount on the reservation.
 *
 * @param promptTokens estimated prompt tokens (Routstr: characters of text content {@code // 3} plus image tokens)
 * @param maxTokens {@code max_tokens} (Chat Completions, legacy Completions, Anthropic Messages)
 * @param maxCompletionTokens {@code max_completion_tokens} (Chat Completions, newer OpenAI models)
 * @param maxOutputTokens {@code max_output_tokens} (OpenAI Responses)
 */
public record RequestShape(
        OptionalLong promptTokens,
        OptionalLong maxTokens,
        OptionalLong maxCompletionTokens,
        OptionalLong maxOutputTokens) {

    /** Nothing known about the request. */
    public static final RequestShape UNKNOWN =
            new RequestShape(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());

    public RequestShape {
        requireNonNegative(promptTokens, "prompt tokens");
        requireNonNegative(maxTokens, "max_tokens");
        requireNonNegative(maxCompletionTokens, "max_completion_tokens");
        requireNonNegative(maxOutputTokens, "max_output_tokens");
    }

    /** Routstr's prompt estimate from text: one token per three characters, rounded down. */
    public static long promptTokensForCharacters(long characters) {
        if (characters < 0) {
            throw new IllegalArgumentException("characters cannot be negative");
        }
        return characters / 3;
    }

    public RequestShape withPromptTokens(long tokens) {
        return new RequestShape(OptionalLong.of(tokens), maxTokens, maxCompletionTokens, maxOutputTokens);
    }

    public RequestShape withMaxTokens(long tokens) {
        return new RequestShape(promptTokens, OptionalLong.of(tokens), maxCompletionTokens, maxOutputTokens);
    }

    public RequestShape withMaxCompletionTokens(long tokens) {
        return new RequestShape(promptTokens, maxTokens, OptionalLong.of(tokens), maxOutputTokens);
    }

    public RequestShape withMaxOutputTokens(long tokens) {
        return new RequestShape(promptTokens, maxTokens, maxCompletionTokens, OptionalLong.of(tokens));
    }

    /**
     * The output cap the request asks for: whichever of the three fields is present, the largest when several are
     * (an upstream may honour any one of them, so the reservation covers the largest). Routstr reads only
     * {@code max_tokens}.
     */
    public OptionalLong outputCap() {
        return Stream.of(maxTokens, maxCompletionTokens, maxOutputTokens)
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .max();
    }

    private static void requireNonNegative(OptionalLong value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isPresent() && value.getAsLong() < 0) {
            throw new IllegalArgumentException(name + " cannot be negative: " + value.getAsLong());
        }
    }
}

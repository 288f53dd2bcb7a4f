package io.routstr.gateway.domain.pricing;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a model accepts per request: its context length and the most tokens it will generate, each when the catalogue
 * says.
 *
 * @param contextLength tokens of prompt and completion together (Routstr's {@code top_provider.context_length},
 *     else the model's {@code context_length})
 * @param maxCompletionTokens the longest completion the provider generates ({@code top_provider.max_completion_tokens})
 */
public record ModelLimits(OptionalLong contextLength, OptionalLong maxCompletionTokens) {

    public static final ModelLimits NONE = new ModelLimits(OptionalLong.empty(), OptionalLong.empty());

    public ModelLimits {
        Objects.requireNonNull(contextLength, "context length");
        Objects.requireNonNull(maxCompletionTokens, "max completion tokens");
        requirePositive(contextLength, "context length");
        requirePositive(maxCompletionTokens, "max completion tokens");
    }

    public static ModelLimits of(long contextLength, long maxCompletionTokens) {
        return new ModelLimits(OptionalLong.of(contextLength), OptionalLong.of(maxCompletionTokens));
    }

    public static ModelLimits contextOnly(long contextLength) {
        return new ModelLimits(OptionalLong.of(contextLength), OptionalLong.empty());
    }

    public static ModelLimits maxCompletionOnly(long maxCompletionTokens) {
        return new ModelLimits(OptionalLong.empty(), OptionalLong.of(maxCompletionTokens));
    }

    private static void requirePositive(OptionalLong value, String name) {
        if (value.isPresent() && value.getAsLong() <= 0) {
            throw new IllegalArgumentException(name + " is positive when known: " + value.getAsLong());
        }
    }
}

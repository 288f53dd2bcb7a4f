package io.routstr.gateway.domain.key;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How fast a key may send requests: per minute, in tokens per minute, and at once. Each limit is optional; a
 * per-key limit overrides the node's default one by one ({@link #orElse}).
 */
public record RateLimits(OptionalInt requestsPerMinute, OptionalLong tokensPerMinute, OptionalInt maxConcurrent) {

    public static final RateLimits NONE =
            new RateLimits(OptionalInt.empty(), OptionalLong.empty(), OptionalInt.empty());

    public RateLimits {
        Objects.requireNonNull(requestsPerMinute, "requests per minute");
        Objects.requireNonNull(tokensPerMinute, "tokens per minute");
        Objects.requireNonNull(maxConcurrent, "max concurrent");
        if (requestsPerMinute.orElse(1) < 1 || tokensPerMinute.orElse(1) < 1 || maxConcurrent.orElse(1) < 1) {
            throw new IllegalArgumentException("a rate limit is positive");
        }
    }

    /** Each limit of this, else {@code defaults}' one. */
    public RateLimits orElse(RateLimits defaults) {
        return new RateLimits(
                requestsPerMinute.isPresent() ? requestsPerMinute : defaults.requestsPerMinute,
                tokensPerMinute.isPresent() ? tokensPerMinute : defaults.tokensPerMinute,
                maxConcurrent.isPresent() ? maxConcurrent : defaults.maxConcurrent);
    }

    public boolean isUnlimited() {
        return requestsPerMinute.isEmpty() && tokensPerMinute.isEmpty() && maxConcurrent.isEmpty();
    }
}

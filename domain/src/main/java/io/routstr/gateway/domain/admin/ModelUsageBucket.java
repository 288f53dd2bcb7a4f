package io.routstr.gateway.domain.admin;

import java.time.Instant;
import java.util.Objects;

/** One model's usage in the hour or day starting at {@code start} (UTC). */
public record ModelUsageBucket(Instant start, ModelUsage usage) {

    public ModelUsageBucket {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(usage, "usage");
    }
}

package io.routstr.gateway.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * The refund sweep's settings: tokens older than {@code age} are swept ({@code REFUND_SWEEP_TTL_SECONDS}; Routstr fixes
 * 180 days), a claim lasts {@code claimTimeout} ({@code REFUND_SWEEP_CLAIM_TIMEOUT_SECONDS}), {@code batchSize} tokens
 * per run.
 */
public record SweepPolicy(Duration age, Duration claimTimeout, int batchSize) {

    public SweepPolicy {
        Objects.requireNonNull(age, "age");
        Objects.requireNonNull(claimTimeout, "claim timeout");
        if (age.isNegative() || claimTimeout.isNegative() || claimTimeout.isZero() || batchSize < 1) {
            throw new IllegalArgumentException("sweep age, claim timeout and batch size must be positive");
        }
    }
}

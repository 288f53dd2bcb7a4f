package io.routstr.gateway.application.service;

import io.routstr.gateway.domain.Components;
import java.time.Duration;

/**
 * How refund claims are reconciled, handed to services as a plain value.
 *
 * @param claimTimeout age after which an {@code OPEN} claim is taken to belong to a request that died
 *     ({@code REFUND_CLAIM_TIMEOUT_SECONDS}); far above any mint call's timeout, so a live payout is never raced
 * @param unresolvedRetry how long an {@code UNRESOLVED} claim waits between look-ups at the mint
 * @param batchSize how many claims one reconciliation pass looks at
 * @param expiredKeyRetry the first wait before an expired key whose refund failed is tried again; it doubles with
 *     every failure up to {@code expiredKeyRetryMax}
 */
public record RefundPolicy(
        Duration claimTimeout,
        Duration unresolvedRetry,
        int batchSize,
        Duration expiredKeyRetry,
        Duration expiredKeyRetryMax) {

    public RefundPolicy {
        Components.requireNonNull(
                RefundPolicy.class, claimTimeout, unresolvedRetry, expiredKeyRetry, expiredKeyRetryMax);
        if (!claimTimeout.isPositive() || unresolvedRetry.isNegative() || !expiredKeyRetry.isPositive()) {
            throw new IllegalArgumentException("refund timeouts are positive");
        }
        if (expiredKeyRetryMax.compareTo(expiredKeyRetry) < 0) {
            throw new IllegalArgumentException("the longest retry wait is at least the first");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size is positive");
        }
    }

    public static RefundPolicy defaults() {
        return new RefundPolicy(
                Duration.ofSeconds(600), Duration.ofSeconds(60), 100, Duration.ofMinutes(5), Duration.ofHours(24));
    }
}

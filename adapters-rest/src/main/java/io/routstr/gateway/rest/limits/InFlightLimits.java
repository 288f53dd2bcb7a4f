package io.routstr.gateway.rest.limits;

import java.time.Duration;

/**
 * How much work the node takes at once: at most {@code maxConcurrent} requests in flight
 * ({@code MAX_CONCURRENT_REQUESTS}), a request beyond them waiting at most {@code queueTimeout}
 * ({@code REQUEST_QUEUE_TIMEOUT_MS}) for one to finish before it is answered 503 with {@code Retry-After}. A streamed
 * answer counts until its last byte, so the default leaves room for 5,000 concurrent streams and more.
 */
public record InFlightLimits(int maxConcurrent, Duration queueTimeout) {

    public static final int DEFAULT_MAX_CONCURRENT = 10_000;
    public static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofMillis(100);

    public InFlightLimits {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("MAX_CONCURRENT_REQUESTS is at least 1");
        }
        if (queueTimeout.isNegative()) {
            throw new IllegalArgumentException("REQUEST_QUEUE_TIMEOUT_MS is not negative");
        }
    }

    public static InFlightLimits defaults() {
        return new InFlightLimits(DEFAULT_MAX_CONCURRENT, DEFAULT_QUEUE_TIMEOUT);
    }
}

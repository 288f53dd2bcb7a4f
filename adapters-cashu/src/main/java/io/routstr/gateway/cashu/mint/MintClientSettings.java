package io.routstr.gateway.cashu.mint;

import java.time.Duration;
import java.util.Objects;

/**
 * How the wallet talks to each mint: per-call timeout ({@code MINT_OPERATION_TIMEOUT_SECONDS}), the much longer melt
 * timeout (a melt blocks until the Lightning payment resolves, NUT-05), concurrent calls per mint ({@code
 * MINT_MAX_CONCURRENCY}, 0 = unlimited), attempts for calls safe to repeat ({@code MINT_RETRY_MAX_ATTEMPTS}), the
 * first retry back-off, the keyset cache lifetime and the circuit breaker's open time.
 */
public record MintClientSettings(
        Duration operationTimeout,
        Duration meltTimeout,
        int maxConcurrency,
        int retryMaxAttempts,
        Duration retryBackoff,
        Duration keysetCacheTtl,
        Duration circuitOpenDuration) {

    public MintClientSettings {
        positive(operationTimeout, "operation timeout");
        positive(meltTimeout, "melt timeout");
        Objects.requireNonNull(retryBackoff, "retry back-off");
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("the retry back-off is not negative");
        }
        positive(keysetCacheTtl, "keyset cache TTL");
        positive(circuitOpenDuration, "circuit open duration");
        if (maxConcurrency < 0) {
            throw new IllegalArgumentException("max concurrency is 0 (unlimited) or more");
        }
        if (retryMaxAttempts < 1) {
            throw new IllegalArgumentException("a call is attempted at least once");
        }
    }

    /** Routstr's defaults: 30 s per call, 4 concurrent calls, 3 attempts; keysets cached 5 minutes. */
    public static MintClientSettings defaults() {
        return new MintClientSettings(
                Duration.ofSeconds(30),
                Duration.ofMinutes(10),
                4,
                3,
                Duration.ofSeconds(1),
                Duration.ofMinutes(5),
                Duration.ofSeconds(30));
    }

    private static void positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " is positive");
        }
    }
}

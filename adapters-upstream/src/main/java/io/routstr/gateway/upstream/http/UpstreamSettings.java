package io.routstr.gateway.upstream.http;

import io.routstr.gateway.domain.Components;
import java.time.Duration;

/**
 * Timeouts and resilience limits applied to every provider.
 *
 * @param connectTimeout to open the TCP (and TLS) connection
 * @param firstByteTimeout from sending the request to the response headers
 * @param idleTimeout the longest silence while a body or stream is read
 * @param failureRateThreshold percentage of failed calls that opens a provider's circuit
 * @param slidingWindowSize how many recent calls the failure rate is computed over
 * @param minimumCalls calls needed before the rate is judged
 * @param openStateWait how long an open circuit refuses calls before letting a probe through
 * @param maxConcurrentCalls requests in flight to one provider at most (its bulkhead)
 */
public record UpstreamSettings(
        Duration connectTimeout,
        Duration firstByteTimeout,
        Duration idleTimeout,
        float failureRateThreshold,
        int slidingWindowSize,
        int minimumCalls,
        Duration openStateWait,
        int maxConcurrentCalls) {

    public UpstreamSettings {
        Components.requireNonNull(UpstreamSettings.class, connectTimeout, firstByteTimeout, idleTimeout, openStateWait);
        if (connectTimeout.isZero() || connectTimeout.isNegative()) {
            throw new IllegalArgumentException("the connect timeout is positive");
        }
        if (firstByteTimeout.isZero() || firstByteTimeout.isNegative()) {
            throw new IllegalArgumentException("the first-byte timeout is positive");
        }
        if (idleTimeout.isZero() || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("the idle timeout is positive");
        }
        if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
            throw new IllegalArgumentException("the failure rate threshold is a percentage");
        }
        if (slidingWindowSize < 1 || minimumCalls < 1 || maxConcurrentCalls < 1) {
            throw new IllegalArgumentException("window, minimum calls and concurrency are positive");
        }
    }

    /**
     * These settings with a circuit that opens after {@code failuresInARow} failed calls in a row, whatever the calls
     * before them (Routstr's {@code UPSTREAM_ALLOWED_FAILS}): a window of that many calls that must all have failed.
     */
    public UpstreamSettings withAllowedFails(int failuresInARow) {
        if (failuresInARow < 1) {
            throw new IllegalArgumentException("UPSTREAM_ALLOWED_FAILS is at least 1");
        }
        return new UpstreamSettings(
                connectTimeout,
                firstByteTimeout,
                idleTimeout,
                100,
                failuresInARow,
                failuresInARow,
                openStateWait,
                maxConcurrentCalls);
    }

    public static UpstreamSettings defaults() {
        return new UpstreamSettings(
                Duration.ofSeconds(10),
                Duration.ofSeconds(120),
                Duration.ofSeconds(120),
                50,
                20,
                10,
                Duration.ofSeconds(30),
                200);
    }
}

package io.routstr.gateway.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * The proxy's operator settings, handed to the forwarding service as a plain value.
 *
 * @param disconnectDrainWindow how long to keep reading an upstream stream after the client left, waiting for the
 *     upstream's usage so that what was generated is billed from real counts rather than estimated
 * @param maxRequestLifetime how long a request may stream; then it is cut and billed for what was generated
 *     ({@code MAX_REQUEST_LIFETIME_SECONDS})
 * @param upstream5xxRetries how many times a route that answered 5xx is called again before the request fails over
 *     or fails ({@code UPSTREAM_5XX_RETRY_ATTEMPTS}, Routstr §17)
 */
public record ProxyPolicy(Duration disconnectDrainWindow, Duration maxRequestLifetime, int upstream5xxRetries) {

    public ProxyPolicy {
        Objects.requireNonNull(disconnectDrainWindow, "disconnect drain window");
        Objects.requireNonNull(maxRequestLifetime, "max request lifetime");
        if (disconnectDrainWindow.isNegative()) {
            throw new IllegalArgumentException("the drain window is not negative");
        }
        if (maxRequestLifetime.isNegative() || maxRequestLifetime.isZero()) {
            throw new IllegalArgumentException("the maximum request lifetime is positive");
        }
        if (upstream5xxRetries < 0) {
            throw new IllegalArgumentException("5xx retries are not negative: " + upstream5xxRetries);
        }
    }

    /** A policy that never calls a route again after a 5xx. */
    public ProxyPolicy(Duration disconnectDrainWindow, Duration maxRequestLifetime) {
        this(disconnectDrainWindow, maxRequestLifetime, 0);
    }

    /** A policy with the default maximum request lifetime, no 5xx retries. */
    public ProxyPolicy(Duration disconnectDrainWindow) {
        this(disconnectDrainWindow, BillingPolicy.DEFAULT_MAX_REQUEST_LIFETIME);
    }

    public static ProxyPolicy defaults() {
        return new ProxyPolicy(Duration.ofSeconds(5));
    }
}

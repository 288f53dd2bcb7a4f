package io.routstr.gateway.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * The proxy's operator settings, handed to the forwarding service as a plain value.
 *
 * @param disconnectDrainWindow how long to keep reading an upstream stream after the client left, waiting for the
 *     upstream's usage so that what was generated is billed from real counts rather than estimated
 */
public record ProxyPolicy(Duration disconnectDrainWindow) {

    public ProxyPolicy {
        Objects.requireNonNull(disconnectDrainWindow, "disconnect drain window");
        if (disconnectDrainWindow.isNegative()) {
            throw new IllegalArgumentException("the drain window is not negative");
        }
    }

    public static ProxyPolicy defaults() {
        return new ProxyPolicy(Duration.ofSeconds(5));
    }
}

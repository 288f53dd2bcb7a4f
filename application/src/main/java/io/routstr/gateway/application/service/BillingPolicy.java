package io.routstr.gateway.application.service;

import io.routstr.gateway.domain.money.Msats;
import java.time.Duration;
import java.util.Objects;

/**
 * The billing rules the operator configures, handed to services as a plain value.
 *
 * @param minimumReservation the floor of every reservation ({@code MIN_REQUEST_MSAT})
 * @param staleReservationTimeout age after which an unsettled reservation is released
 *     ({@code STALE_RESERVATION_TIMEOUT_SECONDS})
 * @param childKeyCost what each child key costs its parent ({@code CHILD_KEY_COST})
 * @param sweepBatchSize how many stale reservations one sweep releases at most
 */
public record BillingPolicy(
        Msats minimumReservation, Duration staleReservationTimeout, Msats childKeyCost, int sweepBatchSize) {

    public BillingPolicy {
        Objects.requireNonNull(minimumReservation, "minimum reservation");
        Objects.requireNonNull(staleReservationTimeout, "stale reservation timeout");
        Objects.requireNonNull(childKeyCost, "child key cost");
        if (!minimumReservation.isPositive()) {
            throw new IllegalArgumentException("the minimum reservation is at least 1 msat");
        }
        if (staleReservationTimeout.isNegative() || staleReservationTimeout.isZero()) {
            throw new IllegalArgumentException("the stale reservation timeout is positive");
        }
        if (sweepBatchSize < 1) {
            throw new IllegalArgumentException("the sweep batch size is positive");
        }
    }

    public static BillingPolicy defaults() {
        return new BillingPolicy(Msats.of(1), Duration.ofSeconds(300), Msats.ZERO, 500);
    }
}

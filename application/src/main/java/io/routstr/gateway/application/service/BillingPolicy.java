package io.routstr.gateway.application.service;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.money.Msats;
import java.time.Duration;
import java.time.Instant;

/**
 * The billing rules the operator configures, handed to services as a plain value.
 *
 * @param minimumReservation the floor of every reservation ({@code MIN_REQUEST_MSAT})
 * @param staleReservationTimeout how long the instance serving a request may stay silent (no heartbeat) before the
 *     request's reservation is released ({@code STALE_RESERVATION_TIMEOUT_SECONDS})
 * @param childKeyCost what each child key costs its parent ({@code CHILD_KEY_COST})
 * @param sweepBatchSize how many stale reservations one sweep releases at most
 * @param maxRequestLifetime how long a request may live; its hold is released, live instance or not, once older than
 *     this plus the stale timeout, the time a request cut at its lifetime has to settle
 *     ({@code MAX_REQUEST_LIFETIME_SECONDS})
 */
public record BillingPolicy(
        Msats minimumReservation,
        Duration staleReservationTimeout,
        Msats childKeyCost,
        int sweepBatchSize,
        Duration maxRequestLifetime) {

    /** Routstr's default maximum request lifetime, 1800 s. */
    public static final Duration DEFAULT_MAX_REQUEST_LIFETIME = Duration.ofSeconds(1800);

    public BillingPolicy {
        Components.requireNonNull(
                BillingPolicy.class, minimumReservation, staleReservationTimeout, childKeyCost, maxRequestLifetime);
        if (!minimumReservation.isPositive()) {
            throw new IllegalArgumentException("the minimum reservation is at least 1 msat");
        }
        if (staleReservationTimeout.isNegative() || staleReservationTimeout.isZero()) {
            throw new IllegalArgumentException("the stale reservation timeout is positive");
        }
        if (sweepBatchSize < 1) {
            throw new IllegalArgumentException("the sweep batch size is positive");
        }
        if (maxRequestLifetime.isNegative() || maxRequestLifetime.isZero()) {
            throw new IllegalArgumentException("the maximum request lifetime is positive");
        }
    }

    /** A policy with the default maximum request lifetime. */
    public BillingPolicy(
            Msats minimumReservation, Duration staleReservationTimeout, Msats childKeyCost, int sweepBatchSize) {
        this(minimumReservation, staleReservationTimeout, childKeyCost, sweepBatchSize, DEFAULT_MAX_REQUEST_LIFETIME);
    }

    public static BillingPolicy defaults() {
        return new BillingPolicy(Msats.of(1), Duration.ofSeconds(300), Msats.ZERO, 500);
    }

    /** The longest one reservation is kept in place as a standing hold, request after request. */
    static final Duration LONGEST_KEPT_STANDING_HOLD = Duration.ofMinutes(5);

    /**
     * How long one reservation may stay a standing hold kept in place ({@link StandingHoldsService}): at most {@link
     * #LONGEST_KEPT_STANDING_HOLD}, and half the age at which the sweep releases a hold whatever its instance, so that
     * a hold is placed anew long before that sweep could release it under a request.
     */
    public Duration standingHoldKeptFor() {
        Duration half = maxRequestLifetime.plus(staleReservationTimeout).dividedBy(2);
        return half.compareTo(LONGEST_KEPT_STANDING_HOLD) < 0 ? half : LONGEST_KEPT_STANDING_HOLD;
    }

    /** Holds of requests started before this are over age, whatever their instance. */
    public Instant overAgeCutoff(Instant now) {
        return now.minus(maxRequestLifetime).minus(staleReservationTimeout);
    }

    /** Holds whose instance has not beaten since this are stale. */
    public Instant silenceCutoff(Instant now) {
        return now.minus(staleReservationTimeout);
    }
}

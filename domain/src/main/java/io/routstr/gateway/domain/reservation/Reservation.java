package io.routstr.gateway.domain.reservation;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.Optional;

/**
 * The maximum cost of one request, held on the billing key's balance while the request is in flight.
 *
 * <p>A hold stays while its request lives, however long that is: the sweep frees only a hold whose instance stopped
 * beating ({@link #isSilent}) or whose request outlived the maximum request lifetime ({@link #isOverAge}).
 *
 * @param keyId the key that made the request (a child key, or the billing key itself)
 * @param billingKeyId the key whose balance pays
 * @param servedBy the instance serving the request; empty for a hold no instance owns (rows older than instances),
 *     which the sweep judges by its age alone
 */
public record Reservation(
        ReservationId id,
        ApiKeyId keyId,
        ApiKeyId billingKeyId,
        Msats amount,
        ReservationState state,
        Instant createdAt,
        Optional<InstanceId> servedBy) {

    public Reservation {
        Components.requireNonNull(Reservation.class, id, keyId, billingKeyId, amount, state, createdAt, servedBy);
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("a reservation holds a positive amount");
        }
    }

    /** A new hold for a request served by {@code instance}. */
    public static Reservation open(
            ApiKeyId keyId, ApiKeyId billingKeyId, Msats amount, InstanceId instance, Instant now) {
        return new Reservation(
                ReservationId.next(), keyId, billingKeyId, amount, ReservationState.ACTIVE, now, Optional.of(instance));
    }

    /** A new hold for a request served by {@code instance}, under an {@code id} drawn for it. */
    public static Reservation open(
            ReservationId id, ApiKeyId keyId, ApiKeyId billingKeyId, Msats amount, InstanceId instance, Instant now) {
        return new Reservation(id, keyId, billingKeyId, amount, ReservationState.ACTIVE, now, Optional.of(instance));
    }

    /** A new hold no instance owns: the sweep frees it once older than the stale timeout, as it did before instances. */
    public static Reservation open(ApiKeyId keyId, ApiKeyId billingKeyId, Msats amount, Instant now) {
        return new Reservation(
                ReservationId.next(), keyId, billingKeyId, amount, ReservationState.ACTIVE, now, Optional.empty());
    }

    public Reservation withState(ReservationState next) {
        return new Reservation(id, keyId, billingKeyId, amount, next, createdAt, servedBy);
    }

    public boolean isForChildKey() {
        return !keyId.equals(billingKeyId);
    }

    /**
     * Whether this hold's request can no longer settle: it is ACTIVE, older than {@code silentSince}, and its instance
     * (when it has one) is no longer known to be alive at {@code now}: its last beat promised life only until {@code
     * instanceAliveUntil}, empty when the instance is unknown. Each instance states its own horizon, so instances
     * configured with different timeouts judge each other rightly. The age condition also covers an instance that took
     * a request before its first beat was stored.
     */
    public boolean isSilent(Instant silentSince, Instant now, Optional<Instant> instanceAliveUntil) {
        return state == ReservationState.ACTIVE
                && createdAt.isBefore(silentSince)
                && (servedBy.isEmpty()
                        || instanceAliveUntil.map(until -> until.isBefore(now)).orElse(true));
    }

    /** Whether this hold's request started before {@code startedBefore}: past its maximum lifetime, live or not. */
    public boolean isOverAge(Instant startedBefore) {
        return state == ReservationState.ACTIVE && createdAt.isBefore(startedBefore);
    }

    /**
     * What settling at {@code cost} takes from a billing balance of {@code balance}: the full cost when the balance
     * allows, never more than the balance (a balance never goes below zero).
     */
    public static Settlement settle(Msats cost, Msats balance) {
        Msats charged = cost.min(balance);
        return new Settlement(charged, cost.minus(charged));
    }

    /** The outcome of settling: what was charged and what the node could not collect. */
    public record Settlement(Msats charged, Msats shortfall) {}
}

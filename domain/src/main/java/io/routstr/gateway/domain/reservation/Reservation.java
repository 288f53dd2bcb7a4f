package io.routstr.gateway.domain.reservation;

import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.money.Msats;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The maximum cost of one request, held on the billing key's balance while the request is in flight.
 *
 * @param keyId the key that made the request (a child key, or the billing key itself)
 * @param billingKeyId the key whose balance pays
 */
public record Reservation(
        ReservationId id,
        ApiKeyId keyId,
        ApiKeyId billingKeyId,
        Msats amount,
        ReservationState state,
        Instant createdAt) {

    public Reservation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(keyId, "key id");
        Objects.requireNonNull(billingKeyId, "billing key id");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "created at");
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("a reservation holds a positive amount");
        }
    }

    public static Reservation open(ApiKeyId keyId, ApiKeyId billingKeyId, Msats amount, Instant now) {
        return new Reservation(ReservationId.random(), keyId, billingKeyId, amount, ReservationState.ACTIVE, now);
    }

    public boolean isForChildKey() {
        return !keyId.equals(billingKeyId);
    }

    public boolean isStale(Instant now, Duration timeout) {
        return state == ReservationState.ACTIVE && !createdAt.plus(timeout).isAfter(now);
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

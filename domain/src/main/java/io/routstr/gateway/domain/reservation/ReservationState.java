package io.routstr.gateway.domain.reservation;

/**
 * The life of a reservation: it starts ACTIVE and ends exactly once, CHARGED when the request is settled or RELEASED
 * when it failed or went stale. Terminal states never change again.
 */
public enum ReservationState {
    ACTIVE,
    CHARGED,
    RELEASED;

    public boolean isTerminal() {
        return this != ACTIVE;
    }

    public boolean canMoveTo(ReservationState next) {
        return this == ACTIVE && next.isTerminal();
    }
}

package io.routstr.gateway.application.port.in.billing;

/**
 * Use case: release reservations whose request will never settle: its instance stopped beating (a crash, a lost
 * database connection) for the stale timeout, or it outlived the maximum request lifetime. A live request's hold stays.
 */
public interface SweepStaleReservationsUseCase {

    /** Returns how many reservations were released. */
    int sweep();
}

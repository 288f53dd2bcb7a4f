package io.routstr.gateway.application.port.in.billing;

/**
 * Use case: release reservations whose request never settled (a crash, a lost connection) once they are older than
 * the stale timeout.
 */
public interface SweepStaleReservationsUseCase {

    /** Returns how many reservations were released. */
    int sweep();
}

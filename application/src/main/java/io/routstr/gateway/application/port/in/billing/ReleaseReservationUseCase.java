package io.routstr.gateway.application.port.in.billing;

import io.routstr.gateway.domain.reservation.ReservationId;

/** Use case: give back a failed request's reservation in full; a no-op when it already ended. */
public interface ReleaseReservationUseCase {

    /** Returns true when this call released it, false when it had already been charged or released. */
    boolean release(ReservationId reservationId);
}

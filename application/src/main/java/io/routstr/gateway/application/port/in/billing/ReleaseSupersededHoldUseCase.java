package io.routstr.gateway.application.port.in.billing;

import io.routstr.gateway.domain.reservation.ReservationId;

/**
 * Use case: give back in full a request's hold that a new one replaces (a pricier fallback's); the request goes on, so
 * the released hold counts as no request. A no-op when it already ended.
 */
public interface ReleaseSupersededHoldUseCase {

    /** Returns true when this call released it, false when it had already been charged or released. */
    boolean releaseSuperseded(ReservationId reservationId);
}

package io.routstr.gateway.application.port.in.billing;

import io.routstr.gateway.domain.reservation.ReservationId;

/**
 * Use case: make a request's hold survive a crash of the database before anything it pays for reaches the client. A
 * hold's own commit does not wait for the disk (the settlement's does, and flushes it too); a stream sends what it pays
 * for before its settlement, so it asks for this first.
 */
public interface MakeHoldDurableUseCase {

    /** Whether the reservation is still held; {@code false} when it is gone (a crash of the database lost it). */
    boolean makeDurable(ReservationId reservationId);
}

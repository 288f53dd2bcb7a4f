package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.billing.ReleaseReservationUseCase;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.domain.reservation.ReservationId;

/** Gives a failed request's reservation back. */
public record ReleaseReservationService(BalancePort balances, ClockPort clock) implements ReleaseReservationUseCase {

    @Override
    public boolean release(ReservationId reservationId) {
        return balances.releaseRequest(reservationId, clock.now()) == BalancePort.ReleaseResult.RELEASED;
    }
}

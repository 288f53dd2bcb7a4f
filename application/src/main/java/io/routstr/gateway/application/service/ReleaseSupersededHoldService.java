package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.billing.ReleaseSupersededHoldUseCase;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.domain.reservation.ReservationId;

/** Gives back a request's hold that a pricier fallback's hold replaces. */
public record ReleaseSupersededHoldService(BalancePort balances, ClockPort clock)
        implements ReleaseSupersededHoldUseCase {

    @Override
    public boolean releaseSuperseded(ReservationId reservationId) {
        return balances.releaseSuperseded(reservationId, clock.now()) == BalancePort.ReleaseResult.RELEASED;
    }
}

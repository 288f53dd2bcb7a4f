package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.billing.MakeHoldDurableUseCase;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.domain.reservation.ReservationId;

/** Puts a request's hold on disk before a stream starts. */
public record MakeHoldDurableService(BalancePort balances) implements MakeHoldDurableUseCase {

    @Override
    public boolean makeDurable(ReservationId reservationId) {
        return balances.makeDurable(reservationId);
    }
}

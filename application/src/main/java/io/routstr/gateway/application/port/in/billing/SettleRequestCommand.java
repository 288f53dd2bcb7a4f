package io.routstr.gateway.application.port.in.billing;

import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.ReservationId;
import java.util.Objects;

/** Settle reservation {@code reservationId} at {@code cost}. */
public record SettleRequestCommand(ReservationId reservationId, Msats cost) {

    public SettleRequestCommand {
        Objects.requireNonNull(reservationId, "reservation id");
        Objects.requireNonNull(cost, "cost");
    }
}

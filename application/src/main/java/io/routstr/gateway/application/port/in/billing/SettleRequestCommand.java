package io.routstr.gateway.application.port.in.billing;

import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.ReservationId;
import java.util.Objects;

/** Settle reservation {@code reservationId} at {@code cost}, booking what it paid for ({@code details}). */
public record SettleRequestCommand(ReservationId reservationId, Msats cost, ChargeDetails details) {

    public SettleRequestCommand {
        Objects.requireNonNull(reservationId, "reservation id");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(details, "details");
    }

    /** A settlement booked without what it paid for. */
    public SettleRequestCommand(ReservationId reservationId, Msats cost) {
        this(reservationId, cost, ChargeDetails.NONE);
    }
}

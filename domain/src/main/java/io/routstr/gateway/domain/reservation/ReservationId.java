package io.routstr.gateway.domain.reservation;

import java.util.Objects;
import java.util.UUID;

/** Identity of one request's reservation. */
public record ReservationId(UUID value) {

    public ReservationId {
        Objects.requireNonNull(value, "reservation id");
    }

    public static ReservationId random() {
        return new ReservationId(UUID.randomUUID());
    }

    public static ReservationId parse(String text) {
        return new ReservationId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

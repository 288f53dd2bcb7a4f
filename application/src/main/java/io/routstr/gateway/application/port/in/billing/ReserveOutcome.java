package io.routstr.gateway.application.port.in.billing;

import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.Reservation;
import java.time.Instant;

/** What came of a reservation attempt; every case but {@link Reserved} leaves the balance untouched. */
public sealed interface ReserveOutcome {

    record Reserved(Reservation reservation) implements ReserveOutcome {}

    /** The billing key cannot cover {@code required}; {@code available} is its spendable balance. */
    record InsufficientBalance(Msats required, Msats available) implements ReserveOutcome {}

    /** The key's (or its child's) spending limit would be exceeded. */
    record BalanceLimitExceeded(Msats required) implements ReserveOutcome {}

    record KeyExpired(Instant validUntil) implements ReserveOutcome {}

    record UnknownKey() implements ReserveOutcome {}
}

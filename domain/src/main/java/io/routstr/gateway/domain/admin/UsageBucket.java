package io.routstr.gateway.domain.admin;

import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.Objects;

/**
 * One hour or one day of business: the billed requests started (one reservation each) and how many of them failed (their
 * reservation was released instead of charged), and what the ledger booked: their cost, the deposits that came in and
 * the refunds and withdrawals that went back.
 */
public record UsageBucket(Instant start, long requests, long failed, Msats spent, Msats deposited, Msats paidBack) {

    public UsageBucket {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(spent, "spent");
        Objects.requireNonNull(deposited, "deposited");
        Objects.requireNonNull(paidBack, "paid back");
    }

    /** How long one bucket lasts. */
    public enum Granularity {
        HOUR,
        DAY
    }
}

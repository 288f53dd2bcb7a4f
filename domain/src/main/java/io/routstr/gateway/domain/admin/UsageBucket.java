package io.routstr.gateway.domain.admin;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;

/**
 * One hour or one day of business: the billed requests started (one reservation each) and how many of them failed (their
 * reservation was released instead of charged), and what the ledger booked: their cost, the deposits that came in and
 * the refunds and withdrawals that went back.
 */
public record UsageBucket(Instant start, long requests, long failed, Msats spent, Msats deposited, Msats paidBack) {

    public UsageBucket {
        Components.requireNonNull(UsageBucket.class, start, spent, deposited, paidBack);
    }

    /** How long one bucket lasts. */
    public enum Granularity {
        HOUR,
        DAY
    }
}

package io.routstr.gateway.domain.key;

import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.Objects;

/**
 * A cap on what a key may spend in a period ({@code spent in period + reserved + cost <= limit}), optionally starting
 * over every day, week or month.
 */
public record BalanceLimit(Msats limit, LimitResetPeriod resetPeriod, Instant lastResetAt) {

    public BalanceLimit {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(resetPeriod, "reset period");
    }

    public static BalanceLimit of(Msats limit, LimitResetPeriod period) {
        return new BalanceLimit(limit, period, null);
    }

    /** Whether spending {@code cost} more keeps the key within its limit. */
    public boolean allows(Msats periodSpent, Msats reserved, Msats cost) {
        return periodSpent.plus(reserved).plus(cost).compareTo(limit) <= 0;
    }
}

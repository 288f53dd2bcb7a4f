package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.ResetBalanceLimitsUseCase;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.domain.key.LimitResetPeriod;
import java.time.Instant;

/** Starts every turned daily, weekly and monthly limit over; idempotent, so several instances may run it. */
public record ResetBalanceLimitsService(BalancePort balances, ClockPort clock) implements ResetBalanceLimitsUseCase {

    @Override
    public int resetDueLimits() {
        Instant now = clock.now();
        int reset = 0;
        for (LimitResetPeriod period : LimitResetPeriod.values()) {
            var start = period.periodStart(now, clock.zone());
            if (start.isPresent()) {
                reset += balances.resetLimitPeriods(period, start.get(), now);
            }
        }
        return reset;
    }
}

package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.BalanceLimit;

/** Lazily starts a key's limit period over when it has turned, so a limit never waits for the hourly job. */
final class LimitPeriods {

    private LimitPeriods() {}

    static void resetIfDue(ApiKey key, BalancePort balances, ClockPort clock) {
        if (key.balanceLimit().isEmpty()) {
            return;
        }
        BalanceLimit limit = key.balanceLimit().get();
        var now = clock.now();
        if (limit.resetPeriod().isDue(limit.lastResetAt(), now, clock.zone())) {
            limit.resetPeriod()
                    .periodStart(now, clock.zone())
                    .ifPresent(start -> balances.resetLimitPeriod(key.id(), start, now));
        }
    }
}

package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.payout.ListOwnerPayoutsUseCase;
import io.routstr.gateway.application.port.out.OwnerPayoutPort;
import io.routstr.gateway.domain.payout.OwnerPayout;
import java.util.List;

/** Lists the latest owner payouts for the history, newest first. */
public record ListOwnerPayoutsService(OwnerPayoutPort payouts) implements ListOwnerPayoutsUseCase {

    private static final int MOST = 500;

    @Override
    public List<OwnerPayout> recent(int limit) {
        return payouts.recent(Math.max(0, Math.min(limit, MOST)));
    }
}

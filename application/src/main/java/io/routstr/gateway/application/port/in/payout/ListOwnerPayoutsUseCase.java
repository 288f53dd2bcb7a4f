package io.routstr.gateway.application.port.in.payout;

import io.routstr.gateway.domain.payout.OwnerPayout;
import java.util.List;

/** Use case: the latest payouts of owner funds, newest first, each with its direction (outgoing), for the history. */
public interface ListOwnerPayoutsUseCase {

    List<OwnerPayout> recent(int limit);
}

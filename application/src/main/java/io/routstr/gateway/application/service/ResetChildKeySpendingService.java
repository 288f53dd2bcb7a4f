package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.ResetChildKeySpendingUseCase;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.KeyHash;
import java.time.Instant;
import java.util.Optional;

/** Lets a parent start a child key's limit period over. */
public record ResetChildKeySpendingService(ApiKeyPort apiKeys, BalancePort balances, ClockPort clock)
        implements ResetChildKeySpendingUseCase {

    @Override
    public Outcome reset(ApiKeyId parentId, KeyHash childHash) {
        Optional<ApiKey> child = apiKeys.findByHash(childHash);
        if (child.isEmpty()) {
            return Outcome.CHILD_NOT_FOUND;
        }
        if (!child.get().parentId().equals(Optional.of(parentId))) {
            return Outcome.NOT_THE_PARENT;
        }
        Instant now = clock.now();
        // A period start just after now makes any earlier reset "due": the reset is unconditional.
        balances.resetLimitPeriod(child.get().id(), now.plusMillis(1), now);
        return Outcome.RESET;
    }
}

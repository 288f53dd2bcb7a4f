package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.ChildKeysOutcome;
import io.routstr.gateway.application.port.in.key.CreateChildKeysCommand;
import io.routstr.gateway.application.port.in.key.CreateChildKeysUseCase;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.ApiKeySecret;
import io.routstr.gateway.domain.key.BalanceLimit;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Creates child keys and charges their cost to the parent in one atomic step. */
public record CreateChildKeysService(
        ApiKeyPort apiKeys, BalancePort balances, ClockPort clock, BillingPolicy policy, StandingHoldsService standing)
        implements CreateChildKeysUseCase {

    @Override
    public ChildKeysOutcome create(CreateChildKeysCommand command) {
        Optional<ApiKey> found = apiKeys.findById(command.parentId());
        if (found.isEmpty()) {
            return new ChildKeysOutcome.UnknownParent();
        }
        ApiKey parent = found.get();
        if (parent.isChild()) {
            return new ChildKeysOutcome.ParentIsChild();
        }
        // The fee is paid from the spendable balance: what this instance holds standing for the parent is freed first.
        standing.releaseFor(parent.id());
        Instant now = clock.now();
        Msats cost = policy.childKeyCost().times(command.count());
        List<ApiKeySecret> secrets = new ArrayList<>();
        List<ApiKey> children = new ArrayList<>();
        Optional<BalanceLimit> limit = command.limit().map(l -> new BalanceLimit(l.limit(), l.resetPeriod(), now));
        for (int i = 0; i < command.count(); i++) {
            ApiKeySecret secret = ApiKeySecret.generate();
            secrets.add(secret);
            children.add(ApiKey.childOf(parent, ApiKeyId.random(), secret.hash(), limit, command.validUntil(), now));
        }
        return switch (balances.createChildKeys(parent.id(), cost, children, now)) {
            case CREATED -> new ChildKeysOutcome.Created(List.copyOf(secrets), cost, spendableOf(parent.id()));
            case INSUFFICIENT_BALANCE -> new ChildKeysOutcome.InsufficientBalance(cost, spendableOf(parent.id()));
            case UNKNOWN_PARENT -> new ChildKeysOutcome.UnknownParent();
        };
    }

    private Msats spendableOf(ApiKeyId id) {
        return apiKeys.findById(id).map(ApiKey::spendable).orElse(Msats.ZERO);
    }
}

package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.billing.ReserveForRequestCommand;
import io.routstr.gateway.application.port.in.billing.ReserveForRequestUseCase;
import io.routstr.gateway.application.port.in.billing.ReserveOutcome;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.BalancePort.ReserveResult;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.InstanceId;
import io.routstr.gateway.domain.reservation.Reservation;
import java.time.Instant;
import java.util.Optional;

/** Reserves a request's maximum cost: expiry and limit resets first, then one atomic hold on the billing balance. */
public final class ReserveForRequestService implements ReserveForRequestUseCase {

    private final ApiKeyPort apiKeys;
    private final BalancePort balances;
    private final ClockPort clock;
    private final BillingPolicy policy;
    private final InstanceId instance;

    /** {@code instance} is this running instance: its heartbeat keeps the holds taken here. */
    public ReserveForRequestService(
            ApiKeyPort apiKeys, BalancePort balances, ClockPort clock, BillingPolicy policy, InstanceId instance) {
        this.apiKeys = apiKeys;
        this.balances = balances;
        this.clock = clock;
        this.policy = policy;
        this.instance = instance;
    }

    @Override
    public ReserveOutcome reserve(ReserveForRequestCommand command) {
        Instant now = clock.now();
        Optional<ApiKey> found = command.snapshot().or(() -> apiKeys.findById(command.keyId()));
        if (found.isEmpty()) {
            return new ReserveOutcome.UnknownKey();
        }
        ApiKey key = found.get();
        if (key.isExpired(now)) {
            return new ReserveOutcome.KeyExpired(key.validUntil().orElseThrow());
        }
        Optional<ApiKey> parent = key.parentId().flatMap(apiKeys::findById);
        if (parent.isPresent() && parent.get().isExpired(now)) {
            return new ReserveOutcome.KeyExpired(parent.get().validUntil().orElseThrow());
        }
        LimitPeriods.resetIfDue(key, balances, clock);
        parent.ifPresent(p -> LimitPeriods.resetIfDue(p, balances, clock));

        Msats amount = command.maxCost().max(policy.minimumReservation());
        Reservation reservation = Reservation.open(key.id(), key.billingKeyId(), amount, instance, now);
        return switch (balances.reserve(reservation, now)) {
            case ReserveResult.Reserved reserved -> new ReserveOutcome.Reserved(reserved.reservation());
            case ReserveResult.InsufficientBalance insufficient ->
                new ReserveOutcome.InsufficientBalance(amount, insufficient.available());
            case ReserveResult.LimitExceeded ignored -> new ReserveOutcome.BalanceLimitExceeded(amount);
            case ReserveResult.UnknownKey ignored -> new ReserveOutcome.UnknownKey();
        };
    }
}

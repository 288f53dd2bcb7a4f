package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.billing.ReserveForRequestCommand;
import io.routstr.gateway.application.port.in.billing.ReserveForRequestUseCase;
import io.routstr.gateway.application.port.in.billing.ReserveOutcome;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.BalancePort.KeyReserveResult;
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
        if (command.snapshot().isPresent()
                && !paysForItselfWithoutLimit(command.snapshot().get())) {
            return reserve(command.snapshot().get(), command.maxCost());
        }
        Instant now = clock.now();
        Msats amount = command.maxCost().max(policy.minimumReservation());
        // The key is read in the same unit of work as the hold: one database round trip.
        return switch (balances.reserveForKey(command.keyId(), amount, instance, now, clock.zone())) {
            case KeyReserveResult.Tried tried -> outcomeOf(tried.result(), amount);
            case KeyReserveResult.Expired expired -> new ReserveOutcome.KeyExpired(expired.validUntil());
            case KeyReserveResult.UnknownKey unknown -> new ReserveOutcome.UnknownKey();
            // Rare: the period starts over first, as for a key its caller loaded.
            case KeyReserveResult.LimitPeriodDue due -> reserve(due.key(), command.maxCost());
        };
    }

    /**
     * A key that pays for itself without a balance limit (a key just opened by an {@code X-Cashu} token, most keys) is
     * held by the one statement that reads it, committed with its writer's batch; a snapshot saves nothing there, and
     * its own transaction would cost a round trip more (the commit).
     */
    private static boolean paysForItselfWithoutLimit(ApiKey key) {
        return !key.isChild() && key.balanceLimit().isEmpty();
    }

    private ReserveOutcome reserve(ApiKey key, Msats maxCost) {
        Instant now = clock.now();
        if (key.isExpired(now)) {
            return new ReserveOutcome.KeyExpired(key.validUntil().orElseThrow());
        }
        Optional<ApiKey> parent = key.parentId().flatMap(apiKeys::findById);
        if (parent.isPresent() && parent.get().isExpired(now)) {
            return new ReserveOutcome.KeyExpired(parent.get().validUntil().orElseThrow());
        }
        LimitPeriods.resetIfDue(key, balances, clock);
        parent.ifPresent(p -> LimitPeriods.resetIfDue(p, balances, clock));

        Msats amount = maxCost.max(policy.minimumReservation());
        // Its id is drawn by the balances, which may name in it where the hold's settlement runs (its key's writer).
        Reservation reservation = Reservation.open(
                balances.newReservationId(key.billingKeyId()), key.id(), key.billingKeyId(), amount, instance, now);
        return outcomeOf(balances.reserve(reservation, now), amount);
    }

    private static ReserveOutcome outcomeOf(ReserveResult result, Msats amount) {
        return switch (result) {
            case ReserveResult.Reserved reserved -> new ReserveOutcome.Reserved(reserved.reservation());
            case ReserveResult.InsufficientBalance insufficient ->
                new ReserveOutcome.InsufficientBalance(amount, insufficient.available());
            case ReserveResult.LimitExceeded ignored -> new ReserveOutcome.BalanceLimitExceeded(amount);
            case ReserveResult.UnknownKey ignored -> new ReserveOutcome.UnknownKey();
        };
    }
}

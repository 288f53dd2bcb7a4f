package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.billing.SettleOutcome;
import io.routstr.gateway.application.port.in.billing.SettleRequestCommand;
import io.routstr.gateway.application.port.in.billing.SettleRequestUseCase;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.BalancePort.SettleResult;
import io.routstr.gateway.application.port.out.ClockPort;

/** Settles a request at its real cost; the exactly-once guarantee lives in the port's compare-and-set. */
public record SettleRequestService(BalancePort balances, ClockPort clock) implements SettleRequestUseCase {

    @Override
    public SettleOutcome settle(SettleRequestCommand command) {
        return outcomeOf(balances.settle(command.reservationId(), command.cost(), command.details(), clock.now()));
    }

    /** A settlement as the balances said it, in the use case's terms. */
    static SettleOutcome outcomeOf(SettleResult result) {
        return switch (result) {
            case SettleResult.Charged charged ->
                new SettleOutcome.Charged(charged.charged(), charged.shortfall(), charged.remainingSpendable());
            case SettleResult.AlreadySettled already -> new SettleOutcome.AlreadySettled(already.charged());
            case SettleResult.NotFound ignored -> new SettleOutcome.UnknownReservation();
        };
    }
}

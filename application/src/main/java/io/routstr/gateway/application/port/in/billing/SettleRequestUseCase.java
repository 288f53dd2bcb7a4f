package io.routstr.gateway.application.port.in.billing;

/** Use case: charge a finished request its real cost, exactly once, and free the rest of its reservation. */
public interface SettleRequestUseCase {

    SettleOutcome settle(SettleRequestCommand command);
}

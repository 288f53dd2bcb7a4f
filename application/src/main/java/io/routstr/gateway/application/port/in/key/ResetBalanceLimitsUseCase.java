package io.routstr.gateway.application.port.in.key;

/** Use case: start daily, weekly and monthly spending limits over when their period has turned. */
public interface ResetBalanceLimitsUseCase {

    /** Returns how many keys were reset. */
    int resetDueLimits();
}

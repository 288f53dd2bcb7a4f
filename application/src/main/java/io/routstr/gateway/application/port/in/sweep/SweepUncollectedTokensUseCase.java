package io.routstr.gateway.application.port.in.sweep;

/**
 * Use case: redeem back into the wallet the change and refund tokens nobody collected within the configured age
 * (Routstr §6.5), so that ecash handed out and forgotten returns to the owner.
 */
public interface SweepUncollectedTokensUseCase {

    SweepReport sweep();

    /** What one run did: tokens redeemed back, found spent by their holders, refused for good, left for later. */
    record SweepReport(int swept, int collected, int failed, int deferred) {}
}

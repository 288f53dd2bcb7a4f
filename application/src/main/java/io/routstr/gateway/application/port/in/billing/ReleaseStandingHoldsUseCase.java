package io.routstr.gateway.application.port.in.billing;

/**
 * Use case: give back the holds this instance keeps for keys' next requests (standing holds) that no request took
 * over: those left idle, and all of them when the instance stops.
 */
public interface ReleaseStandingHoldsUseCase {

    /** Releases the standing holds no request took over within the idle time; how many. */
    int releaseIdle();

    /** Releases every standing hold and places no more: the instance is stopping. How many. */
    int releaseAll();
}

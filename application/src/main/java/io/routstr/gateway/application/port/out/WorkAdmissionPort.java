package io.routstr.gateway.application.port.out;

import java.util.Optional;

/**
 * Port: a turn to do a new paid request's work (read and parse it, authenticate its payer, redeem its token, hold its
 * money), of which the node grants only as many at once as its cores and database can serve promptly. A request
 * waiting for its upstream does no work and holds no turn; one that cannot get a turn soon is shed before it has done
 * anything, so nothing of it needs undoing.
 *
 * <p>Only new work asks for a turn. A request that holds money settles and gives back change without one: what is
 * already admitted is never refused halfway, and the rate at which turns are granted bounds how much of it arrives.
 */
public interface WorkAdmissionPort {

    /**
     * A turn, or empty when none came free within the implementation's short wait: the request is then refused as an
     * overload and retried later by its client.
     */
    Optional<WorkTurn> enter();

    /** One request's turn at work. */
    interface WorkTurn {

        /** Gives the turn back; only the first call does, so a request may leave at every point its work may end. */
        void leave();
    }
}

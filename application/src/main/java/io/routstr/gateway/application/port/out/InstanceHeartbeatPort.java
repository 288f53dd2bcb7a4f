package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.reservation.InstanceId;
import java.time.Instant;

/**
 * Port: the gateway instances' signs of life, kept where every instance sharing the database sees them. A reservation
 * is held as long as the instance serving its request keeps beating (see {@link BalancePort#releaseStale}).
 */
public interface InstanceHeartbeatPort {

    /**
     * Records that {@code instance} is alive at {@code now} and is to be taken for alive until {@code aliveUntil} (its
     * own stale timeout later: each instance states its own horizon, so instances configured differently still judge
     * each other rightly). Its first beat registers it; a beat never moves the horizon back.
     */
    void beat(InstanceId instance, Instant now, Instant aliveUntil);

    /**
     * Forgets instances no longer known to be alive at {@code now}, so that restarts do not pile up rows; returns how
     * many. A forgotten instance is judged as a silent one (its holds are stale), and registered anew if it beats again.
     */
    int forgetSilent(Instant now);
}

package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.billing.KeepInstanceAliveUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.InstanceHeartbeatPort;
import io.routstr.gateway.domain.reservation.InstanceId;
import java.time.Instant;

/** Stores this instance's heartbeat; one beat extends every hold of its requests in flight at once. */
public record KeepInstanceAliveService(
        InstanceHeartbeatPort heartbeats, ClockPort clock, InstanceId instance, BillingPolicy policy)
        implements KeepInstanceAliveUseCase {

    /** This instance is alive for one stale timeout more: the horizon the sweep of every instance honours. */
    @Override
    public void beat() {
        Instant now = clock.now();
        heartbeats.beat(instance, now, now.plus(policy.staleReservationTimeout()));
    }
}

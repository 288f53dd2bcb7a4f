package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.billing.KeepInstanceAliveUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.InstanceHeartbeatPort;
import io.routstr.gateway.domain.reservation.InstanceId;

/** Stores this instance's heartbeat; one beat extends every hold of its requests in flight at once. */
public final class KeepInstanceAliveService implements KeepInstanceAliveUseCase {

    private final InstanceHeartbeatPort heartbeats;
    private final ClockPort clock;
    private final InstanceId instance;

    public KeepInstanceAliveService(InstanceHeartbeatPort heartbeats, ClockPort clock, InstanceId instance) {
        this.heartbeats = heartbeats;
        this.clock = clock;
        this.instance = instance;
    }

    @Override
    public void beat() {
        heartbeats.beat(instance, clock.now());
    }
}

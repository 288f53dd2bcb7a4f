package io.routstr.gateway.persistence.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code node_instances}: one running gateway instance, its last heartbeat and how long that vouches for it. */
@Entity
@Table(name = "node_instances")
class NodeInstanceEntity {

    @Id
    UUID id;

    @Column(name = "started_at", nullable = false, updatable = false)
    Instant startedAt;

    @Column(name = "heartbeat_at", nullable = false)
    Instant heartbeatAt;

    @Column(name = "alive_until", nullable = false)
    Instant aliveUntil;

    protected NodeInstanceEntity() {}
}

package io.routstr.gateway.persistence.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * Row of {@code reservations}. {@code chargedMsats} is set exactly once, by the settlement; a reservation the sweep
 * released stays RELEASED but may still be charged once when its request finishes late.
 */
@Entity
@Table(name = "reservations")
class ReservationEntity {

    @Id
    UUID id;

    @Column(name = "key_id", nullable = false, updatable = false)
    UUID keyId;

    @Column(name = "billing_key_id", nullable = false, updatable = false)
    UUID billingKeyId;

    @Column(name = "amount_msats", nullable = false, updatable = false)
    long amountMsats;

    @Column(name = "state", nullable = false)
    String state;

    @Column(name = "released_as_stale", nullable = false)
    boolean releasedAsStale;

    @Column(name = "charged_msats")
    Long chargedMsats;

    @Column(name = "created_at", nullable = false, updatable = false)
    Instant createdAt;

    @Column(name = "finished_at")
    Instant finishedAt;

    /** The instance serving the request; null for holds taken before instances were recorded. */
    @Column(name = "instance_id", updatable = false)
    UUID instanceId;

    protected ReservationEntity() {}
}

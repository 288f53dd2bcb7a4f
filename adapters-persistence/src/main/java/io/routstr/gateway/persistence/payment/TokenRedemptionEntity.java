package io.routstr.gateway.persistence.payment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code token_redemptions}. */
@Entity
@Table(name = "token_redemptions")
class TokenRedemptionEntity {

    @Id
    @Column(name = "token_hash")
    String tokenHash;

    @Column(name = "state", nullable = false)
    String state;

    @Column(name = "key_id")
    UUID keyId;

    @Column(name = "failure")
    String failure;

    @Column(name = "claimed_at", nullable = false)
    Instant claimedAt;

    @Column(name = "finished_at")
    Instant finishedAt;

    @Column(name = "key_hash")
    String keyHash;

    protected TokenRedemptionEntity() {}
}

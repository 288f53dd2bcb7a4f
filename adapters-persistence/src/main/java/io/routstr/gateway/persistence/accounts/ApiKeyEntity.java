package io.routstr.gateway.persistence.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code api_keys}. Money columns are written only by the conditional updates in {@link ApiKeyRepository}. */
@Entity
@Table(name = "api_keys")
class ApiKeyEntity {

    @Id
    UUID id;

    @Column(name = "key_hash", nullable = false, updatable = false)
    String keyHash;

    @Column(name = "parent_id", updatable = false)
    UUID parentId;

    @Column(name = "balance_msats", nullable = false)
    long balanceMsats;

    @Column(name = "reserved_msats", nullable = false)
    long reservedMsats;

    @Column(name = "total_spent_msats", nullable = false)
    long totalSpentMsats;

    @Column(name = "period_spent_msats", nullable = false)
    long periodSpentMsats;

    @Column(name = "total_requests", nullable = false)
    long totalRequests;

    @Column(name = "balance_limit_msats")
    Long balanceLimitMsats;

    @Column(name = "limit_reset_period", nullable = false)
    String limitResetPeriod;

    @Column(name = "limit_reset_at")
    Instant limitResetAt;

    @Column(name = "valid_until")
    Instant validUntil;

    @Column(name = "refund_mint_url", nullable = false)
    String refundMintUrl;

    @Column(name = "refund_unit", nullable = false)
    String refundUnit;

    @Column(name = "refund_address")
    String refundAddress;

    @Column(name = "refund_after")
    Instant refundAfter;

    @Column(name = "created_at", nullable = false, updatable = false)
    Instant createdAt;

    protected ApiKeyEntity() {}
}

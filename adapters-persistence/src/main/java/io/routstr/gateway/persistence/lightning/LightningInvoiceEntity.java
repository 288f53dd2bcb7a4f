package io.routstr.gateway.persistence.lightning;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code lightning_invoices}. */
@Entity
@Table(name = "lightning_invoices")
class LightningInvoiceEntity {

    @Id
    String id;

    @Column(name = "bolt11", nullable = false, updatable = false)
    String bolt11;

    @Column(name = "quote_id", nullable = false, updatable = false)
    String quoteId;

    @Column(name = "mint_url", nullable = false, updatable = false)
    String mintUrl;

    @Column(name = "unit", nullable = false, updatable = false)
    String unit;

    @Column(name = "amount_sats", nullable = false, updatable = false)
    long amountSats;

    @Column(name = "purpose", nullable = false, updatable = false)
    String purpose;

    @Column(name = "top_up_key_id", updatable = false)
    UUID topUpKeyId;

    @Column(name = "created_key_hash", updatable = false)
    String createdKeyHash;

    @Column(name = "balance_limit_msats", updatable = false)
    Long balanceLimitMsats;

    @Column(name = "balance_limit_reset", updatable = false)
    String balanceLimitReset;

    @Column(name = "valid_until", updatable = false)
    Instant validUntil;

    @Column(name = "state", nullable = false)
    String state;

    @Column(name = "created_at", nullable = false, updatable = false)
    Instant createdAt;

    @Column(name = "expires_at", nullable = false, updatable = false)
    Instant expiresAt;

    @Column(name = "paid_at")
    Instant paidAt;

    @Column(name = "next_check_at", nullable = false)
    Instant nextCheckAt;

    protected LightningInvoiceEntity() {}
}

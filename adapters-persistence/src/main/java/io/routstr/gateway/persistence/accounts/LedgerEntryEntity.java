package io.routstr.gateway.persistence.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code ledger_entries}: append-only. */
@Entity
@Table(name = "ledger_entries")
class LedgerEntryEntity {

    @Id
    UUID id;

    @Column(name = "entry_type", nullable = false, updatable = false)
    String entryType;

    @Column(name = "key_id", updatable = false)
    UUID keyId;

    @Column(name = "amount_msats", nullable = false, updatable = false)
    long amountMsats;

    @Column(name = "reservation_id", updatable = false)
    UUID reservationId;

    @Column(name = "reference", updatable = false)
    String reference;

    @Column(name = "created_at", nullable = false, updatable = false)
    Instant createdAt;

    protected LedgerEntryEntity() {}
}

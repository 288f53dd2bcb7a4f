package io.routstr.gateway.persistence.accounts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** The append-only ledger. */
interface LedgerEntryRepository extends JpaRepository<LedgerEntryEntity, UUID> {

    /** Books an entry unless its (type, reference) was booked before; returns 0 for a duplicate. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = """
            INSERT INTO ledger_entries (id, entry_type, key_id, amount_msats, reservation_id, reference, created_at)
            VALUES (:id, :type, :keyId, :amount, :reservationId, :reference, :createdAt)
            ON CONFLICT DO NOTHING
            """, nativeQuery = true)
    int book(
            @Param("id") UUID id,
            @Param("type") String type,
            @Param("keyId") UUID keyId,
            @Param("amount") long amount,
            @Param("reservationId") UUID reservationId,
            @Param("reference") String reference,
            @Param("createdAt") Instant createdAt);

    List<LedgerEntryEntity> findByKeyIdOrderByCreatedAtDesc(UUID keyId, Pageable page);
}

package io.routstr.gateway.persistence.lightning;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Invoice rows; states move by conditional updates only. */
interface LightningInvoiceRepository extends JpaRepository<LightningInvoiceEntity, String> {

    Optional<LightningInvoiceEntity> findByBolt11(String bolt11);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = "UPDATE lightning_invoices SET state = :to WHERE id = :id AND state IN (:from)", nativeQuery = true)
    int transition(@Param("id") String id, @Param("from") Collection<String> from, @Param("to") String to);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = """
            UPDATE lightning_invoices SET state = 'PAID', paid_at = :paidAt
            WHERE id = :id AND state = 'SETTLEMENT_PENDING'
            """, nativeQuery = true)
    int markPaid(@Param("id") String id, @Param("paidAt") Instant paidAt);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(
            value = "UPDATE lightning_invoices SET state = 'EXPIRED' WHERE state = 'PENDING' AND expires_at <= :now",
            nativeQuery = true)
    int expireOverdue(@Param("now") Instant now);

    /**
     * Claims due invoices, the longest overdue first (settlement pending first among equals), so that invoices which
     * keep failing wait their turn behind fresh ones; {@code SKIP LOCKED} keeps instances off each other's rows and
     * the caller pushes {@code next_check_at} forward in the same transaction.
     */
    @Query(value = """
            SELECT * FROM lightning_invoices
            WHERE next_check_at <= :now
              AND (state IN ('PENDING', 'SETTLEMENT_PENDING') OR (state = 'EXPIRED' AND expires_at >= :graceStart))
            ORDER BY next_check_at, CASE state WHEN 'SETTLEMENT_PENDING' THEN 0 WHEN 'PENDING' THEN 1 ELSE 2 END
            LIMIT :limit
            FOR UPDATE SKIP LOCKED
            """, nativeQuery = true)
    List<LightningInvoiceEntity> lockDue(
            @Param("now") Instant now, @Param("graceStart") Instant graceStart, @Param("limit") int limit);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = "UPDATE lightning_invoices SET next_check_at = :next WHERE id = :id", nativeQuery = true)
    int postpone(@Param("id") String id, @Param("next") Instant next);
}

package io.routstr.gateway.persistence.accounts;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Reservations; their state moves only by compare-and-set under a row lock. */
interface ReservationRepository extends JpaRepository<ReservationEntity, UUID> {

    /**
     * Claims the oldest silent reservation no other transaction holds: older than {@code silentSince} and served by an
     * instance whose last beat no longer vouches for it at {@code now} (or by none), the rule of {@code
     * Reservation.isSilent}. {@code SKIP LOCKED} lets several instances sweep at once without blocking on, or
     * double-releasing, the same row.
     */
    @Query(value = """
            SELECT * FROM reservations r
            WHERE r.state = 'ACTIVE' AND r.created_at < :silentSince
              AND NOT EXISTS (SELECT 1 FROM node_instances i
                              WHERE i.id = r.instance_id AND i.alive_until >= :now)
            ORDER BY r.created_at
            LIMIT 1
            FOR UPDATE OF r SKIP LOCKED
            """, nativeQuery = true)
    Optional<ReservationEntity> claimOldestSilent(@Param("silentSince") Instant silentSince, @Param("now") Instant now);

    /** As {@link #claimOldestSilent}, for one billing key only. */
    @Query(value = """
            SELECT * FROM reservations r
            WHERE r.state = 'ACTIVE' AND r.created_at < :silentSince AND r.billing_key_id = :billingKey
              AND NOT EXISTS (SELECT 1 FROM node_instances i
                              WHERE i.id = r.instance_id AND i.alive_until >= :now)
            ORDER BY r.created_at
            LIMIT 1
            FOR UPDATE OF r SKIP LOCKED
            """, nativeQuery = true)
    Optional<ReservationEntity> claimOldestSilentOf(
            @Param("silentSince") Instant silentSince, @Param("now") Instant now, @Param("billingKey") UUID billingKey);

    /** Claims the oldest reservation started before {@code startedBefore}, its instance alive or not. */
    @Query(value = """
            SELECT * FROM reservations
            WHERE state = 'ACTIVE' AND created_at < :startedBefore
            ORDER BY created_at
            LIMIT 1
            FOR UPDATE SKIP LOCKED
            """, nativeQuery = true)
    Optional<ReservationEntity> claimOldestStartedBefore(@Param("startedBefore") Instant startedBefore);

    /**
     * Finishes the reservation if it is still ACTIVE. Found by its primary key and locked before its state is tested,
     * so that the planner never reads a partial index of ACTIVE reservations for it (PaidPathStatements says why).
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = """
            WITH r AS (
                SELECT id, state FROM reservations WHERE id = :id FOR UPDATE
            )
            UPDATE reservations x SET state = :next, released_as_stale = :stale, finished_at = :now,
                                      charged_msats = :charged
            FROM r
            WHERE x.id = r.id AND r.state = 'ACTIVE'
            """, nativeQuery = true)
    int finishActive(
            @Param("id") UUID id,
            @Param("next") String next,
            @Param("stale") boolean stale,
            @Param("charged") Long charged,
            @Param("now") Instant now);
}

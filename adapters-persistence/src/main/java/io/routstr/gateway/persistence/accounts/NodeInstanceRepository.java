package io.routstr.gateway.persistence.accounts;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Heartbeats of the gateway instances sharing the database. */
interface NodeInstanceRepository extends JpaRepository<NodeInstanceEntity, UUID> {

    /** Registers the instance or moves its heartbeat forward (never back: beats may land out of order). */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = """
            INSERT INTO node_instances (id, started_at, heartbeat_at, alive_until) VALUES (:id, :now, :now, :until)
            ON CONFLICT (id) DO UPDATE
                SET heartbeat_at = GREATEST(node_instances.heartbeat_at, EXCLUDED.heartbeat_at),
                    alive_until = GREATEST(node_instances.alive_until, EXCLUDED.alive_until)
            """, nativeQuery = true)
    int beat(@Param("id") UUID id, @Param("now") Instant now, @Param("until") Instant until);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = "DELETE FROM node_instances WHERE alive_until < :now", nativeQuery = true)
    int deleteSilent(@Param("now") Instant now);
}

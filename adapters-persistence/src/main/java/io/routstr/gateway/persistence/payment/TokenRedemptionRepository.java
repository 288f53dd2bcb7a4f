package io.routstr.gateway.persistence.payment;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Token claims: one conditional statement each, so concurrent instances never both hold a claim. */
interface TokenRedemptionRepository extends JpaRepository<TokenRedemptionEntity, String> {

    /** Leaves a claim for takeover: the next presentation, or the reconciler, finishes it now. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = """
            UPDATE token_redemptions SET claimed_at = TIMESTAMPTZ '1970-01-01 00:00:00+00'
            WHERE token_hash = :hash AND state = 'CLAIMED'
            """, nativeQuery = true)
    int interrupt(@Param("hash") String hash);

    @Query(value = """
            SELECT * FROM token_redemptions
            WHERE state = 'CLAIMED' AND key_hash IS NOT NULL AND claimed_at < :before
            ORDER BY claimed_at
            LIMIT :limit
            """, nativeQuery = true)
    List<TokenRedemptionEntity> findStale(@Param("before") Instant before, @Param("limit") int limit);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = """
            UPDATE token_redemptions SET state = 'REJECTED', failure = :failure, finished_at = :now
            WHERE token_hash = :hash AND state = 'CLAIMED'
            """, nativeQuery = true)
    int reject(@Param("hash") String hash, @Param("failure") String failure, @Param("now") Instant now);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = "DELETE FROM token_redemptions WHERE token_hash = :hash AND state = 'CLAIMED'", nativeQuery = true)
    int release(@Param("hash") String hash);
}

package io.routstr.gateway.persistence.payment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Token claims: one conditional statement each, so concurrent instances never both hold a claim. */
interface TokenRedemptionRepository extends JpaRepository<TokenRedemptionEntity, String> {

    /** Inserts a claim, or takes over a stale one; 0 when someone else holds it or it is finished. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = """
            INSERT INTO token_redemptions (token_hash, state, claimed_at, key_hash) VALUES (:hash, 'CLAIMED', :now, :keyHash)
            ON CONFLICT (token_hash) DO UPDATE SET claimed_at = :now,
                key_hash = COALESCE(EXCLUDED.key_hash, token_redemptions.key_hash)
            WHERE token_redemptions.state = 'CLAIMED' AND token_redemptions.claimed_at < :staleBefore
            """, nativeQuery = true)
    int claim(
            @Param("hash") String hash,
            @Param("keyHash") String keyHash,
            @Param("now") Instant now,
            @Param("staleBefore") Instant staleBefore);

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
            UPDATE token_redemptions SET state = 'COMPLETED', key_id = :keyId, finished_at = :now
            WHERE token_hash = :hash AND state = 'CLAIMED'
            """, nativeQuery = true)
    int complete(@Param("hash") String hash, @Param("keyId") UUID keyId, @Param("now") Instant now);

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

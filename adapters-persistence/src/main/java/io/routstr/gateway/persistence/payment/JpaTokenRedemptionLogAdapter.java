package io.routstr.gateway.persistence.payment;

import io.routstr.gateway.application.port.out.TokenRedemptionLogPort;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.persistence.TypedParameters;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The token redemption log on PostgreSQL; each method is one short transaction, the hot path's a single statement. */
@Component
record JpaTokenRedemptionLogAdapter(TokenRedemptionRepository rows, TransactionTemplate tx, JdbcClient jdbc)
        implements TokenRedemptionLogPort {

    /**
     * A claim taken is one statement that commits on its own (the ORM's transaction around it cost a round trip more on
     * every token presented), without waiting for the disk: the statement turns {@code synchronous_commit} off for its
     * own transaction (see the port); only a claim refused reads what holds the token, and it wrote nothing.
     */
    @Override
    public ClaimResult claim(TokenFingerprint tokenHash, Optional<KeyHash> forKey, Instant now, Instant staleBefore) {
        boolean claimed = jdbc.sql("""
                        INSERT INTO token_redemptions (token_hash, state, claimed_at, key_hash)
                        VALUES (:hash, 'CLAIMED', :now, :keyHash)
                        ON CONFLICT (token_hash) DO UPDATE SET claimed_at = :now,
                            key_hash = COALESCE(EXCLUDED.key_hash, token_redemptions.key_hash)
                        WHERE token_redemptions.state = 'CLAIMED' AND token_redemptions.claimed_at < :staleBefore
                        RETURNING token_hash, set_config('synchronous_commit', 'off', true) AS commit_flush
                        """)
                .param("hash", tokenHash.value())
                .param(
                        "keyHash",
                        TypedParameters.text(forKey.map(KeyHash::value).orElse(null)))
                .param("now", TypedParameters.at(now))
                .param("staleBefore", TypedParameters.at(staleBefore))
                .query((rs, row) -> rs.getString("token_hash"))
                .optional()
                .isPresent();
        if (claimed) {
            return new ClaimResult.Claimed();
        }
        // What refused the claim, read after it: a claim released since is gone, and the caller's next attempt
        // takes the token then.
        return rows.findById(tokenHash.value())
                .<ClaimResult>map(row -> switch (row.state) {
                    case "COMPLETED" -> new ClaimResult.Completed(new ApiKeyId(row.keyId));
                    case "REJECTED" -> new ClaimResult.Rejected(RedemptionFailure.valueOf(row.failure));
                    default -> new ClaimResult.InProgress();
                })
                .orElseGet(ClaimResult.InProgress::new);
    }

    /** One statement that commits on its own. */
    @Override
    public void completed(TokenFingerprint tokenHash, ApiKeyId keyId, Instant now) {
        jdbc.sql("""
                        UPDATE token_redemptions SET state = 'COMPLETED', key_id = :keyId, finished_at = :now
                        WHERE token_hash = :hash AND state = 'CLAIMED'
                        """)
                .param("hash", tokenHash.value())
                .param("keyId", keyId.value())
                .param("now", Timestamp.from(now))
                .update();
    }

    @Override
    public void rejected(TokenFingerprint tokenHash, RedemptionFailure failure, Instant now) {
        tx.executeWithoutResult(status -> rows.reject(tokenHash.value(), failure.name(), now));
    }

    @Override
    public void interrupted(TokenFingerprint tokenHash) {
        tx.executeWithoutResult(status -> rows.interrupt(tokenHash.value()));
    }

    @Override
    public List<StaleClaim> findStale(Instant claimedBefore, int limit) {
        return rows.findStale(claimedBefore, limit).stream()
                .map(row -> new StaleClaim(TokenFingerprint.parse(row.tokenHash), new KeyHash(row.keyHash)))
                .toList();
    }

    @Override
    public void released(TokenFingerprint tokenHash) {
        tx.executeWithoutResult(status -> rows.release(tokenHash.value()));
    }
}

package io.routstr.gateway.persistence.payment;

import io.routstr.gateway.application.port.out.TokenRedemptionLogPort;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.KeyHash;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The token redemption log on PostgreSQL; each method is one short transaction. */
@Component
record JpaTokenRedemptionLogAdapter(TokenRedemptionRepository rows, TransactionTemplate tx)
        implements TokenRedemptionLogPort {

    @Override
    public ClaimResult claim(TokenFingerprint tokenHash, Optional<KeyHash> forKey, Instant now, Instant staleBefore) {
        return tx.execute(status -> {
            if (rows.claim(tokenHash.value(), forKey.map(KeyHash::value).orElse(null), now, staleBefore) == 1) {
                return new ClaimResult.Claimed();
            }
            TokenRedemptionEntity row = rows.findById(tokenHash.value()).orElseThrow();
            return switch (row.state) {
                case "COMPLETED" -> new ClaimResult.Completed(new ApiKeyId(row.keyId));
                case "REJECTED" -> new ClaimResult.Rejected(RedemptionFailure.valueOf(row.failure));
                default -> new ClaimResult.InProgress();
            };
        });
    }

    @Override
    public void completed(TokenFingerprint tokenHash, ApiKeyId keyId, Instant now) {
        tx.executeWithoutResult(status -> rows.complete(tokenHash.value(), keyId.value(), now));
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

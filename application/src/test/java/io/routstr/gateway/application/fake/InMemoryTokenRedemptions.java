package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.TokenRedemptionLogPort;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.KeyHash;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** In-memory token redemption log. */
public final class InMemoryTokenRedemptions implements TokenRedemptionLogPort {

    private record Row(Instant claimedAt, ApiKeyId keyId, RedemptionFailure failure, KeyHash forKey) {}

    private final Map<TokenFingerprint, Row> rows = new HashMap<>();

    @Override
    public synchronized ClaimResult claim(
            TokenFingerprint tokenHash, Optional<KeyHash> forKey, Instant now, Instant staleBefore) {
        Row row = rows.get(tokenHash);
        if (row != null && row.keyId() != null) {
            return new ClaimResult.Completed(row.keyId());
        }
        if (row != null && row.failure() != null) {
            return new ClaimResult.Rejected(row.failure());
        }
        if (row != null && !row.claimedAt().isBefore(staleBefore)) {
            return new ClaimResult.InProgress();
        }
        KeyHash earlier = row == null ? null : row.forKey();
        rows.put(tokenHash, new Row(now, null, null, forKey.orElse(earlier)));
        return new ClaimResult.Claimed();
    }

    @Override
    public synchronized void interrupted(TokenFingerprint tokenHash) {
        Row row = rows.get(tokenHash);
        if (row != null && row.keyId() == null && row.failure() == null) {
            rows.put(tokenHash, new Row(Instant.EPOCH, null, null, row.forKey()));
        }
    }

    @Override
    public synchronized List<StaleClaim> findStale(Instant claimedBefore, int limit) {
        return rows.entrySet().stream()
                .filter(e -> e.getValue().keyId() == null
                        && e.getValue().failure() == null
                        && e.getValue().forKey() != null
                        && e.getValue().claimedAt().isBefore(claimedBefore))
                .sorted(java.util.Map.Entry.comparingByValue(java.util.Comparator.comparing(Row::claimedAt)))
                .limit(limit)
                .map(e -> new StaleClaim(e.getKey(), e.getValue().forKey()))
                .toList();
    }

    @Override
    public synchronized void completed(TokenFingerprint tokenHash, ApiKeyId keyId, Instant now) {
        rows.put(tokenHash, new Row(now, keyId, null, null));
    }

    @Override
    public synchronized void rejected(TokenFingerprint tokenHash, RedemptionFailure failure, Instant now) {
        rows.put(tokenHash, new Row(now, null, failure, null));
    }

    @Override
    public synchronized void released(TokenFingerprint tokenHash) {
        Row row = rows.get(tokenHash);
        if (row != null && row.keyId() == null && row.failure() == null) {
            rows.remove(tokenHash);
        }
    }
}

package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.TokenRedemptionLogPort;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.key.ApiKeyId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** In-memory token redemption log. */
public final class InMemoryTokenRedemptions implements TokenRedemptionLogPort {

    private record Row(Instant claimedAt, ApiKeyId keyId, RedemptionFailure failure) {}

    private final Map<String, Row> rows = new HashMap<>();

    @Override
    public synchronized ClaimResult claim(String tokenHash, Instant now, Instant staleBefore) {
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
        rows.put(tokenHash, new Row(now, null, null));
        return new ClaimResult.Claimed();
    }

    @Override
    public synchronized void completed(String tokenHash, ApiKeyId keyId, Instant now) {
        rows.put(tokenHash, new Row(now, keyId, null));
    }

    @Override
    public synchronized void rejected(String tokenHash, RedemptionFailure failure, Instant now) {
        rows.put(tokenHash, new Row(now, null, failure));
    }

    @Override
    public synchronized void released(String tokenHash) {
        Row row = rows.get(tokenHash);
        if (row != null && row.keyId() == null && row.failure() == null) {
            rows.remove(tokenHash);
        }
    }
}

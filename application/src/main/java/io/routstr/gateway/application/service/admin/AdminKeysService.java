package io.routstr.gateway.application.service.admin;

import io.routstr.gateway.application.port.in.admin.AdminKeysUseCase;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.RequestLimitPort;
import io.routstr.gateway.application.port.out.admin.AdminQueryPort;
import io.routstr.gateway.application.service.StandingHoldsService;
import io.routstr.gateway.domain.admin.KeyPage;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.KeyHash;
import java.util.Locale;
import java.util.Optional;

/** The operator's key browser and editor. Limits are written through the same ports the node reads them from. */
public record AdminKeysService(
        AdminQueryPort queries,
        ApiKeyPort apiKeys,
        RequestLimitPort requestLimits,
        LedgerPort ledger,
        ClockPort clock,
        StandingHoldsService standing)
        implements AdminKeysUseCase {

    private static final int HISTORY = 100;

    @Override
    public KeyPage search(String hashPrefix, int limit, int offset) {
        String prefix = hashPrefix == null ? "" : hashPrefix.strip().toLowerCase(Locale.ROOT);
        if (!prefix.matches("[0-9a-f]{0,64}")) {
            throw new IllegalArgumentException("search by the hex digits a key's hash starts with");
        }
        return queries.keys(prefix, Math.clamp(limit, 1, MAX_PAGE), Math.max(0, offset));
    }

    @Override
    public Optional<KeyDetail> describe(KeyHash hash) {
        return apiKeys.findByHash(hash)
                .map(key -> new KeyDetail(key, queries.rateLimits(key.id()), ledger.entriesFor(key.id(), HISTORY)));
    }

    @Override
    public boolean edit(KeyHash hash, KeyChange change) {
        Optional<ApiKey> key = apiKeys.findByHash(hash);
        if (key.isEmpty()) {
            return false;
        }
        apiKeys.updateLimits(key.get().id(), change.spendingLimit(), change.validUntil());
        // A standing hold was placed under the old terms; the key's next request must be held under the new.
        standing.releaseFor(key.get().id());
        requestLimits.setLimits(key.get().id(), change.rateLimits());
        return true;
    }

    @Override
    public boolean revoke(KeyHash hash) {
        Optional<ApiKey> key = apiKeys.findByHash(hash);
        if (key.isEmpty()) {
            return false;
        }
        apiKeys.updateLimits(key.get().id(), key.get().balanceLimit(), Optional.of(clock.now()));
        standing.releaseFor(key.get().id());
        return true;
    }
}

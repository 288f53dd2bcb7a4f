package io.routstr.gateway.application.port.in.admin;

import io.routstr.gateway.domain.admin.KeyPage;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.BalanceLimit;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.key.RateLimits;
import io.routstr.gateway.domain.ledger.LedgerEntry;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Use case: the operator's view of API keys: find them by hash, see one's balance, limits and history, change its
 * limits and validity, revoke it. Only hashes are ever stored or shown: no one, the operator included, can read a key.
 */
public interface AdminKeysUseCase {

    int MAX_PAGE = 200;

    KeyPage search(String hashPrefix, int limit, int offset);

    Optional<KeyDetail> describe(KeyHash hash);

    /** Applies {@code change}; false when there is no such key. */
    boolean edit(KeyHash hash, KeyChange change);

    /**
     * Revokes the key: it is made invalid now, so it pays for no further request. Its balance stays owed to its holder
     * (the ledger keeps counting it as a liability); the holder keeps the refund route.
     */
    boolean revoke(KeyHash hash);

    /** One key with its own rate limits and its latest ledger entries. */
    record KeyDetail(ApiKey key, RateLimits rateLimits, List<LedgerEntry> history) {
        public KeyDetail {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(rateLimits, "rate limits");
            history = List.copyOf(history);
        }
    }

    /**
     * New limits; an empty {@code spendingLimit} or {@code validUntil} removes that limit, and {@code rateLimits}
     * replaces the key's own rate limits as a whole.
     */
    record KeyChange(Optional<BalanceLimit> spendingLimit, Optional<Instant> validUntil, RateLimits rateLimits) {
        public KeyChange {
            Objects.requireNonNull(spendingLimit, "spending limit");
            Objects.requireNonNull(validUntil, "valid until");
            Objects.requireNonNull(rateLimits, "rate limits");
        }
    }
}

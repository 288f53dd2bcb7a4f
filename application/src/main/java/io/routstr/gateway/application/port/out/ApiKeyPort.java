package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.BalanceLimit;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: loading API keys and changing their non-monetary attributes. Balances move only through {@link BalancePort}. */
public interface ApiKeyPort {

    Optional<ApiKey> findByHash(KeyHash hash);

    Optional<ApiKey> findById(ApiKeyId id);

    List<ApiKey> findChildren(ApiKeyId parentId);

    /**
     * What the standing holds on {@code billingKey} hold, on every instance: holds placed for the key's next request
     * ({@link BalancePort#settleAndHoldNext}), which its balance as shown counts as spendable.
     */
    Msats standingHeld(ApiKeyId billingKey);

    /**
     * Stores {@code key} unless a key with the same hash exists; either way returns the stored key. Two callers racing
     * with the same hash get the same key.
     */
    ApiKey createIfAbsent(ApiKey key);

    void updateRefundTarget(ApiKeyId id, RefundTarget target);

    void updateLimits(ApiKeyId id, Optional<BalanceLimit> limit, Optional<Instant> validUntil);

    /**
     * Top-level keys with a balance whose refund time has passed, oldest first, leaving out those whose refund failed
     * and waits for {@link #deferRefund its retry time}.
     */
    List<ApiKey> findDueForRefund(Instant now, int limit);

    /** Leaves the key out of {@link #findDueForRefund} until {@code retryAt}: its due refund failed. */
    void deferRefund(ApiKeyId id, Instant retryAt);
}

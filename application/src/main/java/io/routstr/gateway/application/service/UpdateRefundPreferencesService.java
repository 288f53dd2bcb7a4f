package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.UpdateRefundPreferencesUseCase;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.domain.key.ApiKey;
import java.util.Optional;

/**
 * Stores a top-level key's refund address and refund time. A child key is refused: it holds no balance, and what it
 * spends is its parent's, so letting it set a refund address would let its holder send the parent's whole balance
 * anywhere once the refund time passes.
 */
public record UpdateRefundPreferencesService(ApiKeyPort apiKeys) implements UpdateRefundPreferencesUseCase {

    @Override
    public Outcome update(RefundPreferences preferences) {
        Optional<ApiKey> found = apiKeys.findById(preferences.keyId());
        if (found.isEmpty()) {
            return new Outcome.UnknownKey();
        }
        ApiKey key = found.get();
        if (key.isChild()) {
            return new Outcome.ChildKey();
        }
        var target = key.refundTarget()
                .withLightningAddress(
                        preferences.refundAddress().value(),
                        preferences.refundAfter().orElse(null));
        if (!target.equals(key.refundTarget())) {
            apiKeys.updateRefundTarget(key.id(), target);
        }
        return new Outcome.Stored();
    }
}

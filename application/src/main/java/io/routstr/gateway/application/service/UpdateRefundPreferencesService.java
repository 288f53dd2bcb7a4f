package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.UpdateRefundPreferencesUseCase;
import io.routstr.gateway.application.port.out.ApiKeyPort;

/** Stores a key's refund address and refund time; child keys are refunded through their parent, so the parent's. */
public final class UpdateRefundPreferencesService implements UpdateRefundPreferencesUseCase {

    private final ApiKeyPort apiKeys;

    public UpdateRefundPreferencesService(ApiKeyPort apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    public void update(RefundPreferences preferences) {
        apiKeys.findById(preferences.keyId())
                .map(key -> key.parentId().flatMap(apiKeys::findById).orElse(key))
                .ifPresent(owner -> {
                    var target = owner.refundTarget()
                            .withLightningAddress(
                                    preferences.refundAddress().strip(),
                                    preferences.refundAfter().orElse(null));
                    if (!target.equals(owner.refundTarget())) {
                        apiKeys.updateRefundTarget(owner.id(), target);
                    }
                });
    }
}

package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.DescribeApiKeyUseCase;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import java.util.List;
import java.util.Optional;

/**
 * Describes a key with its billing key and children. The holds kept standing for the billing key's next request (on any
 * instance) count as spendable: the key's balance after a request reads as it would without them.
 */
public record DescribeApiKeyService(ApiKeyPort apiKeys) implements DescribeApiKeyUseCase {

    @Override
    public Optional<KeyDescription> describe(ApiKeyId keyId) {
        return apiKeys.findById(keyId).map(found -> {
            ApiKey billing = found.parentId().flatMap(apiKeys::findById).orElse(found);
            if (billing.reserved().isPositive()) {
                // Nothing reserved, nothing standing: the usual reading costs no second query.
                billing = billing.withStandingHoldFree(apiKeys.standingHeld(billing.id()));
            }
            ApiKey key = found.isChild() ? found : billing;
            List<ApiKey> children = key.isChild() ? List.of() : apiKeys.findChildren(key.id());
            return new KeyDescription(key, billing, children);
        });
    }
}

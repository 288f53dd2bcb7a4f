package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.DescribeApiKeyUseCase;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import java.util.List;
import java.util.Optional;

/** Describes a key with its billing key and children. */
public record DescribeApiKeyService(ApiKeyPort apiKeys) implements DescribeApiKeyUseCase {

    @Override
    public Optional<KeyDescription> describe(ApiKeyId keyId) {
        return apiKeys.findById(keyId).map(key -> {
            ApiKey billing = key.parentId().flatMap(apiKeys::findById).orElse(key);
            List<ApiKey> children = key.isChild() ? List.of() : apiKeys.findChildren(key.id());
            return new KeyDescription(key, billing, children);
        });
    }
}

package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.AuthenticateApiKeyUseCase;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeySecret;
import java.util.Optional;

/** Looks a presented key up by the hash of its secret. */
public record AuthenticateApiKeyService(ApiKeyPort apiKeys) implements AuthenticateApiKeyUseCase {

    @Override
    public Optional<ApiKey> authenticate(ApiKeySecret secret) {
        return apiKeys.findByHash(secret.hash());
    }
}

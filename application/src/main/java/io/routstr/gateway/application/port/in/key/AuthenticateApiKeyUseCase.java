package io.routstr.gateway.application.port.in.key;

import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeySecret;
import java.util.Optional;

/** Use case: find the key a client presented, by the hash of its secret; the secret itself is never stored. */
public interface AuthenticateApiKeyUseCase {

    Optional<ApiKey> authenticate(ApiKeySecret secret);
}

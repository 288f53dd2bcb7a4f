package io.routstr.gateway.application.port.in.key;

import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import java.util.List;
import java.util.Optional;

/** Use case: show a key's balance, limits and, for a parent, its child keys ({@code /v1/balance/info}). */
public interface DescribeApiKeyUseCase {

    Optional<KeyDescription> describe(ApiKeyId keyId);

    /**
     * A key, the key whose balance it spends (itself, or its parent for a child key), and its children.
     */
    record KeyDescription(ApiKey key, ApiKey billingKey, List<ApiKey> children) {

        public KeyDescription {
            children = List.copyOf(children);
        }
    }
}

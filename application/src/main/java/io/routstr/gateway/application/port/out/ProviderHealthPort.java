package io.routstr.gateway.application.port.out;

import java.util.Objects;

/**
 * Port: how another provider's node answers (Routstr §8 discovery health): {@code GET {url}/v1/info}, else
 * {@code /v1/models}, else the root. Implemented by an HTTP client with a short timeout.
 */
public interface ProviderHealthPort {

    Health check(String endpointUrl);

    /** The HTTP status of the first path that answered 200 (else the last status, 0 when unreachable) and its name. */
    record Health(int statusCode, String endpoint) {
        public Health {
            Objects.requireNonNull(endpoint, "endpoint");
        }
    }
}

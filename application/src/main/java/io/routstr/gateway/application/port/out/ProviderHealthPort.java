package io.routstr.gateway.application.port.out;

import java.util.Objects;
import java.util.Optional;

/**
 * Port: how another provider's node answers (Routstr §8 discovery health): {@code GET {url}/v1/info}, else
 * {@code /v1/models}, else the root. Implemented by an HTTP client with a short timeout.
 */
public interface ProviderHealthPort {

    Health check(String endpointUrl);

    /**
     * The HTTP status of the first path that answered 200 (else the last status, 0 when unreachable), its name, and
     * the JSON body it answered with (Routstr's {@code health.json}), empty when it was not JSON or too large.
     */
    record Health(int statusCode, String endpoint, Optional<String> json) {
        public Health {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(json, "json");
        }

        /** A health without a body: the provider did not answer 200. */
        public Health(int statusCode, String endpoint) {
            this(statusCode, endpoint, Optional.empty());
        }
    }
}

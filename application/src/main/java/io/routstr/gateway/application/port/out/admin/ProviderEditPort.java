package io.routstr.gateway.application.port.out.admin;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.ProviderSecret;
import java.util.Optional;

/** Port: the operator's changes to a stored provider; a new API key is encrypted at rest like the others. */
public interface ProviderEditPort {

    /** Applies what {@code change} sets and leaves the rest; false when there is no such provider. */
    boolean update(ProviderId id, ProviderChange change);

    /** What to change; an empty field is left as it is. */
    record ProviderChange(
            Optional<String> baseUrl,
            Optional<ProviderSecret> apiKey,
            Optional<ProviderFee> fee,
            Optional<Boolean> enabled,
            Optional<String> apiVersion) {
        public ProviderChange {
            Components.requireNonNull(ProviderChange.class, baseUrl, apiKey, fee, enabled, apiVersion);
        }
    }
}

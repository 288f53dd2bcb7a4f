package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.ProviderSecret;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import java.util.List;
import java.util.Optional;

/** Port: the upstream providers the operator configured, their credentials kept encrypted at rest. */
public interface ProviderStorePort {

    List<UpstreamProvider> findAll();

    /** Stores {@code providers} only if no provider exists yet; returns how many were stored. */
    int seedIfEmpty(List<NewProvider> providers);

    UpstreamProvider add(NewProvider provider);

    /** A provider to create; its id is assigned by the store. */
    record NewProvider(
            ProviderType type,
            String baseUrl,
            Optional<ProviderSecret> apiKey,
            ProviderFee fee,
            boolean enabled,
            Optional<String> apiVersion) {

        public NewProvider {
            Components.requireNonNull(NewProvider.class, type, baseUrl, apiKey, fee, apiVersion);
        }
    }
}

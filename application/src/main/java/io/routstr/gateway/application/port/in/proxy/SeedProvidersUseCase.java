package io.routstr.gateway.application.port.in.proxy;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.ProviderType;
import java.util.List;
import java.util.Optional;

/** Use case: fill an empty provider table from the operator's environment ({@code OPENAI_API_KEY}, …). */
public interface SeedProvidersUseCase {

    /** Returns how many providers were stored: none when the table already had some. */
    int seed(List<ProviderSeed> seeds);

    /** One provider named by the environment; a blank base URL means the type's default. */
    record ProviderSeed(
            ProviderType type, String baseUrl, Optional<String> apiKey, ProviderFee fee, Optional<String> apiVersion) {
        public ProviderSeed {
            Components.requireNonNull(ProviderSeed.class, type, baseUrl, apiKey, fee, apiVersion);
        }
    }
}

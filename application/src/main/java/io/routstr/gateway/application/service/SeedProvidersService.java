package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.proxy.SeedProvidersUseCase;
import io.routstr.gateway.application.port.out.ProviderStorePort;
import io.routstr.gateway.application.port.out.ProviderStorePort.NewProvider;
import io.routstr.gateway.domain.provider.ProviderSecret;
import io.routstr.gateway.domain.provider.ProviderType;
import java.util.List;
import java.util.Optional;

/** Seeds the provider table from the environment when it is empty, as Routstr does at startup (§7.1). */
public record SeedProvidersService(ProviderStorePort store) implements SeedProvidersUseCase {

    @Override
    public int seed(List<ProviderSeed> seeds) {
        List<NewProvider> providers = seeds.stream()
                .map(seed -> new NewProvider(
                        seed.type(),
                        seed.baseUrl().isBlank() ? seed.type().defaultBaseUrl() : seed.baseUrl(),
                        seed.apiKey().filter(k -> !k.isBlank()).map(ProviderSecret::of),
                        seed.fee(),
                        true,
                        seed.type() == ProviderType.AZURE ? seed.apiVersion() : Optional.empty()))
                .filter(p -> !p.baseUrl().isBlank())
                .toList();
        return providers.isEmpty() ? 0 : store.seedIfEmpty(providers);
    }
}

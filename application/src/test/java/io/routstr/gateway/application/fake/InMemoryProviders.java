package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.ProviderStorePort;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@link ProviderStorePort} in memory, in the order providers were stored. */
public final class InMemoryProviders implements ProviderStorePort {

    private final List<UpstreamProvider> providers = new ArrayList<>();

    /** A store already holding {@code providers}. */
    public static InMemoryProviders of(UpstreamProvider... providers) {
        InMemoryProviders store = new InMemoryProviders();
        store.providers.addAll(List.of(providers));
        return store;
    }

    @Override
    public synchronized List<UpstreamProvider> findAll() {
        return List.copyOf(providers);
    }

    @Override
    public synchronized int seedIfEmpty(List<NewProvider> seeds) {
        if (!providers.isEmpty()) {
            return 0;
        }
        seeds.forEach(this::add);
        return seeds.size();
    }

    @Override
    public synchronized UpstreamProvider add(NewProvider provider) {
        UpstreamProvider stored = new UpstreamProvider(
                new ProviderId(UUID.randomUUID().toString()),
                provider.type(),
                provider.baseUrl(),
                provider.apiKey(),
                provider.fee(),
                provider.enabled(),
                provider.apiVersion());
        providers.add(stored);
        return stored;
    }
}

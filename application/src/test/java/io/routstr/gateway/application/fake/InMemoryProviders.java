package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.ProviderStorePort;
import io.routstr.gateway.application.port.out.admin.ProviderEditPort;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@link ProviderStorePort} and the operator's edits ({@link ProviderEditPort}) in memory, in the order providers were
 * stored.
 */
public final class InMemoryProviders implements ProviderStorePort, ProviderEditPort {

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

    @Override
    public synchronized boolean update(ProviderId id, ProviderChange change) {
        for (int i = 0; i < providers.size(); i++) {
            UpstreamProvider p = providers.get(i);
            if (p.id().equals(id)) {
                providers.set(
                        i,
                        new UpstreamProvider(
                                p.id(),
                                p.type(),
                                change.baseUrl().orElse(p.baseUrl()),
                                change.apiKey().isPresent() ? change.apiKey() : p.apiKey(),
                                change.fee().orElse(p.fee()),
                                change.enabled().orElse(p.enabled()),
                                // As the database stores it: stripped, and a blank version clears it.
                                change.apiVersion().isPresent()
                                        ? change.apiVersion().map(String::strip).filter(v -> !v.isEmpty())
                                        : p.apiVersion()));
                return true;
            }
        }
        return false;
    }
}

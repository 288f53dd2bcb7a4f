package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.proxy.RefreshModelCatalogUseCase;
import io.routstr.gateway.application.port.out.ModelCataloguePort;
import io.routstr.gateway.application.port.out.PriceOverridePort;
import io.routstr.gateway.application.port.out.ProviderModelsPort;
import io.routstr.gateway.application.port.out.ProviderStorePort;
import io.routstr.gateway.domain.provider.CatalogModel;
import io.routstr.gateway.domain.provider.ModelRoute;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.domain.provider.RouteIndex;
import io.routstr.gateway.domain.provider.RoutePricing;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Rebuilds the routes (Routstr §7.2): every model each enabled provider lists, priced by {@link RoutePricing} from the
 * operator's overrides, the live catalogue and the models file, indexed by {@link RouteIndex}. A source that cannot be
 * reached keeps what it last answered, so that a short outage neither unlists models nor reprices them (a provider's
 * circuit breaker handles the provider); a live catalogue never fetched leaves the models file.
 *
 * <p>Refreshes run one at a time. The one at startup, the scheduled one and the operator's (after a provider changed)
 * may overlap, and the routes that stay must be those of the refresh that read the providers last: one that read them
 * earlier but finished later would undo the change until the next scheduled refresh.
 */
public final class RefreshModelCatalogService implements RefreshModelCatalogUseCase {

    private final ProviderStorePort providers;
    private final PriceOverridePort overrides;
    private final ProviderModelsPort providerModels;
    private final ModelCataloguePort catalogues;
    private final FindModelRoutesService routes;
    private final Map<ProviderId, List<String>> lastListed = new ConcurrentHashMap<>();
    private volatile List<CatalogModel> lastLive = List.of();
    private final ReentrantLock oneAtATime = new ReentrantLock();

    public RefreshModelCatalogService(
            ProviderStorePort providers,
            PriceOverridePort overrides,
            ProviderModelsPort providerModels,
            ModelCataloguePort catalogues,
            FindModelRoutesService routes) {
        this.providers = providers;
        this.overrides = overrides;
        this.providerModels = providerModels;
        this.catalogues = catalogues;
        this.routes = routes;
    }

    @Override
    public int refresh() {
        oneAtATime.lock();
        try {
            return refreshAlone();
        } finally {
            oneAtATime.unlock();
        }
    }

    private int refreshAlone() {
        catalogues.fetchLive().ifPresent(live -> lastLive = List.copyOf(live));
        List<CatalogModel> file = catalogues.modelsFile();
        RoutePricing pricing = new RoutePricing(lastLive, file, overrides.findAll());
        List<ModelRoute> found = new ArrayList<>();
        for (UpstreamProvider provider : providers.findAll()) {
            if (!provider.enabled()) {
                continue;
            }
            List<String> ids = listed(provider, file);
            for (String providerModelId : ids) {
                pricing.route(provider, providerModelId).ifPresent(found::add);
            }
        }
        RouteIndex index = RouteIndex.of(found);
        routes.replace(index);
        return index.advertised().size();
    }

    /** What {@code provider} lists now, else what it listed last. */
    private List<String> listed(UpstreamProvider provider, List<CatalogModel> file) {
        if (provider.type() == ProviderType.AZURE) {
            // Azure lists base models, not deployments; its deployments are named after the models file's ids.
            return file.stream().map(m -> tail(m.id())).toList();
        }
        List<String> ids =
                providerModels.listModels(provider).orElseGet(() -> lastListed.getOrDefault(provider.id(), List.of()));
        lastListed.put(provider.id(), ids);
        return ids;
    }

    private static String tail(String id) {
        int slash = id.lastIndexOf('/');
        return slash < 0 ? id : id.substring(slash + 1);
    }
}

package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.proxy.FindModelRoutesUseCase;
import io.routstr.gateway.domain.pricing.PricingPolicy;
import io.routstr.gateway.domain.provider.ModelRoute;
import io.routstr.gateway.domain.provider.RouteIndex;
import io.routstr.gateway.domain.proxy.ModelId;
import java.util.List;
import java.util.Objects;

/**
 * The routes of the last catalogue refresh, held in memory by each instance ({@link RefreshModelCatalogService}
 * replaces them whole). Under per-token pricing a model nothing prices is not routable.
 */
public final class FindModelRoutesService implements FindModelRoutesUseCase {

    private final PricingPolicy pricing;
    private volatile RouteIndex index = RouteIndex.EMPTY;

    public FindModelRoutesService(PricingPolicy pricing) {
        this.pricing = pricing;
    }

    @Override
    public List<ModelRoute> candidates(ModelId requestedModel) {
        return index.candidates(requestedModel, pricing);
    }

    @Override
    public List<ModelRoute> advertised() {
        return index.advertised();
    }

    @Override
    public List<ModelId> aliases(ModelRoute route) {
        return index.aliases(route);
    }

    /** Serves {@code routes} from now on. */
    void replace(RouteIndex routes) {
        index = Objects.requireNonNull(routes, "routes");
    }
}

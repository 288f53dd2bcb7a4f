package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.proxy.FindModelRoutesUseCase;
import io.routstr.gateway.application.port.in.proxy.ListModelPathsUseCase;
import io.routstr.gateway.application.port.out.ExchangeRatePort;
import io.routstr.gateway.domain.pricing.BtcUsdRate;
import io.routstr.gateway.domain.pricing.MaxCostEstimator;
import io.routstr.gateway.domain.pricing.PricingPolicy;
import io.routstr.gateway.domain.provider.ModelPath;
import io.routstr.gateway.domain.provider.ModelRoute;
import io.routstr.gateway.domain.proxy.ModelId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lists the routes of every advertised model as model paths (Routstr §17), each priced like a {@code /v1/models} entry
 * but at its own provider. Routes that share a path (one URL, one model id) are listed once, under the better route,
 * which is the one a pinned request takes.
 */
public final class ListModelPathsService implements ListModelPathsUseCase {

    private final FindModelRoutesUseCase catalog;
    private final ExchangeRatePort rates;
    private final ListModelsService models;

    public ListModelPathsService(
            FindModelRoutesUseCase catalog, ExchangeRatePort rates, MaxCostEstimator estimator, PricingPolicy pricing) {
        this.catalog = catalog;
        this.rates = rates;
        this.models = new ListModelsService(catalog, rates, estimator, pricing);
    }

    @Override
    public List<ModelPaths> list() {
        Optional<BtcUsdRate> rate = rates.current();
        List<ModelPaths> listed = new ArrayList<>();
        for (ModelRoute advertised : catalog.advertised()) {
            Set<ModelPath> seen = new LinkedHashSet<>();
            List<RoutePath> paths = new ArrayList<>();
            ModelId modelId = advertised.modelId();
            for (ModelRoute route : catalog.candidates(modelId)) {
                if (!route.modelId().value().equalsIgnoreCase(modelId.value())) {
                    // A close name match of another model: it has paths of its own.
                    continue;
                }
                ModelPath path = ModelPath.of(route);
                if (seen.add(path)) {
                    paths.add(new RoutePath(path, models.listed(route, rate)));
                }
            }
            listed.add(new ModelPaths(modelId, paths));
        }
        return listed;
    }
}

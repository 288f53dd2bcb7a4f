package io.routstr.gateway.application.port.in.proxy;

import io.routstr.gateway.domain.provider.ModelRoute;
import io.routstr.gateway.domain.proxy.ModelId;
import java.util.List;

/** Use case: which providers serve a model and at what price, from the last refreshed catalogue. */
public interface FindModelRoutesUseCase {

    /**
     * The routes for {@code requestedModel} (any alias, any case, Routstr §7.2), best first: closest name match, then
     * cheapest. Empty when no enabled provider serves it.
     */
    List<ModelRoute> candidates(ModelId requestedModel);

    /** One route per public model, the best one, for {@code /v1/models}. */
    List<ModelRoute> advertised();

    /** The other names {@code route}'s model answers to. */
    List<ModelId> aliases(ModelRoute route);
}

package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.provider.ModelRoute;
import java.util.List;

/** Port: which providers serve a model and at what price, from the providers' catalogues. */
public interface ModelCatalogPort {

    /**
     * The routes for {@code requestedModel} (any alias, any case, Routstr §7.2), best first: closest name match, then
     * cheapest. Empty when no enabled provider serves it.
     */
    List<ModelRoute> candidates(String requestedModel);

    /** One route per public model, the best one, for {@code /v1/models}. */
    List<ModelRoute> advertised();

    /** The other names {@code route}'s model answers to. */
    List<String> aliases(ModelRoute route);
}

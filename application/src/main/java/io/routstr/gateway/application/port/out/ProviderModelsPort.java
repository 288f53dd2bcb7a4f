package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.provider.UpstreamProvider;
import java.util.List;
import java.util.Optional;

/** Port: the ids of the models one provider serves, as its {@code /models} lists them. */
public interface ProviderModelsPort {

    /** The ids {@code provider} lists; empty when it could not be asked or did not answer with a list. */
    Optional<List<String>> listModels(UpstreamProvider provider);
}

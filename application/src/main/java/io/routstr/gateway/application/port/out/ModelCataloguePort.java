package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.provider.CatalogModel;
import java.util.List;
import java.util.Optional;

/** Port: the catalogues that name, describe and price models: the models file and the live OpenRouter catalogue. */
public interface ModelCataloguePort {

    /** The models file's models (the operator's {@code MODELS_PATH} or the shipped one), read once. */
    List<CatalogModel> modelsFile();

    /** The live catalogue's models ({@code OPENROUTER_MODELS_URL}); empty when it is off or unreachable. */
    Optional<List<CatalogModel>> fetchLive();
}

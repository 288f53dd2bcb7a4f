package io.routstr.gateway.domain.provider;

import io.routstr.gateway.domain.pricing.ModelPrice;
import java.util.Objects;

/**
 * One way to serve a model: which provider, under which name there, at which price (the provider's fee included).
 *
 * @param modelId the node's public id for the model (the catalogue id, e.g. {@code openai/gpt-4o-mini})
 * @param upstreamModelId the id the provider knows the model by (an Azure deployment name for Azure)
 */
public record ModelRoute(
        String modelId,
        String upstreamModelId,
        UpstreamProvider provider,
        ModelPrice price,
        ModelDescription description) {

    public ModelRoute {
        Objects.requireNonNull(modelId, "model id");
        Objects.requireNonNull(upstreamModelId, "upstream model id");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(description, "description");
        if (modelId.isBlank() || upstreamModelId.isBlank()) {
            throw new IllegalArgumentException("model ids are not blank");
        }
    }
}

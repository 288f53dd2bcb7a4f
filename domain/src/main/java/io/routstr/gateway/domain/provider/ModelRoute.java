package io.routstr.gateway.domain.provider;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.pricing.ModelPrice;
import io.routstr.gateway.domain.pricing.PricingPolicy;
import io.routstr.gateway.domain.proxy.ModelId;

/**
 * One way to serve a model: which provider, under which name there, at which price (the provider's fee included).
 *
 * @param modelId the node's public id for the model (the catalogue id, e.g. {@code openai/gpt-4o-mini})
 * @param upstreamModelId the id the provider knows the model by (an Azure deployment name for Azure)
 * @param priceSource where {@code price} came from; {@link PriceSource#NONE} when nothing prices the model and
 *     {@code price} is all zeros, which must never be billed as such
 */
public record ModelRoute(
        ModelId modelId,
        String upstreamModelId,
        UpstreamProvider provider,
        ModelPrice price,
        ModelDescription description,
        PriceSource priceSource) {

    public ModelRoute {
        Components.requireNonNull(
                ModelRoute.class, modelId, upstreamModelId, provider, price, description, priceSource);
        if (upstreamModelId.isBlank()) {
            throw new IllegalArgumentException("the provider's model id is not blank");
        }
    }

    /** A route priced from the models file. */
    public ModelRoute(
            ModelId modelId,
            String upstreamModelId,
            UpstreamProvider provider,
            ModelPrice price,
            ModelDescription description) {
        this(modelId, upstreamModelId, provider, price, description, PriceSource.MODELS_FILE);
    }

    /** Whether some source prices this model; an unpriced model is served only at the operator's fixed price. */
    public boolean priced() {
        return priceSource != PriceSource.NONE;
    }

    /** Whether this route may be served under {@code policy}: a model nothing prices is never billed at zero. */
    public boolean servableUnder(PricingPolicy policy) {
        return priced() || policy.fixedPricing();
    }
}

package io.routstr.gateway.domain.provider;

import io.routstr.gateway.domain.pricing.ModelPrice;
import java.util.Objects;

/**
 * One model of a catalogue (an entry of OpenRouter's {@code data} or Routstr's {@code models} list): its id,
 * description and USD-per-unit price, before any provider's fee.
 */
public record CatalogModel(String id, ModelDescription description, ModelPrice price) {

    public CatalogModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(price, "price");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a catalogue model has an id");
        }
    }

    /** Whether the model costs nothing: Routstr excludes {@code :free} and zero-priced models (§7.2). */
    public boolean isFree() {
        return id.endsWith(":free")
                || (price.prompt().signum() == 0 && price.completion().signum() == 0);
    }
}

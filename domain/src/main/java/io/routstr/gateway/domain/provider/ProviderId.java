package io.routstr.gateway.domain.provider;

import java.util.Objects;

/** The identity of an upstream provider row. */
public record ProviderId(String value) {

    public ProviderId {
        Objects.requireNonNull(value, "provider id");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a provider id is not blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}

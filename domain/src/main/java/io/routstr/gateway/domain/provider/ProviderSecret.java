package io.routstr.gateway.domain.provider;

import java.util.Objects;

/** A provider's API key: held in memory for the upstream call only; {@link #toString()} never reveals it. */
public final class ProviderSecret {

    private final String value;

    private ProviderSecret(String value) {
        this.value = value;
    }

    public static ProviderSecret of(String value) {
        Objects.requireNonNull(value, "secret");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a provider secret is not blank");
        }
        return new ProviderSecret(value.strip());
    }

    /** The secret, for the header that carries it upstream and for encryption at rest. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProviderSecret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "ProviderSecret[***]";
    }
}

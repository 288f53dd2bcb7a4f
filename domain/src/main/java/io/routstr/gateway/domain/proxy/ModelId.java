package io.routstr.gateway.domain.proxy;

import java.util.Objects;

/**
 * The model a client asked for, as it named it ({@code model} in its request body, Routstr §2.4): routes are found by
 * it and answers echo it back, whatever the serving provider calls the model.
 */
public record ModelId(String value) {

    public ModelId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || !value.equals(value.strip())) {
            throw new IllegalArgumentException("a model id is neither blank nor padded: '" + value + "'");
        }
    }

    /** The id in {@code text}, stripped of surrounding white space. */
    public static ModelId of(String text) {
        return new ModelId(text.strip());
    }

    @Override
    public String toString() {
        return value;
    }
}

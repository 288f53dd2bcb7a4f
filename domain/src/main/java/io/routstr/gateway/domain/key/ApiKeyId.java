package io.routstr.gateway.domain.key;

import java.util.Objects;
import java.util.UUID;

/** Identity of an API key row; never the secret and never derived from it. */
public record ApiKeyId(UUID value) {

    public ApiKeyId {
        Objects.requireNonNull(value, "api key id");
    }

    public static ApiKeyId random() {
        return new ApiKeyId(UUID.randomUUID());
    }

    public static ApiKeyId parse(String text) {
        return new ApiKeyId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

package io.routstr.gateway.application.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Routstr's request header pinning a request to one route (§17), read whatever its case. */
final class ModelPathHeader {

    static final String NAME = "X-Routstr-Model-Path";

    private ModelPathHeader() {}

    /** The {@code X-Routstr-Model-Path} a client sent; empty when none or blank. */
    static Optional<String> of(Map<String, List<String>> headers) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(NAME))
                .flatMap(e -> e.getValue().stream())
                .filter(v -> v != null && !v.isBlank())
                .map(String::strip)
                .findFirst();
    }
}

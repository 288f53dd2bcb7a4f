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
        // A loop, not a stream: this runs for every paid request, nearly always to find nothing.
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(NAME)) {
                for (String value : header.getValue()) {
                    if (value != null && !value.isBlank()) {
                        return Optional.of(value.strip());
                    }
                }
            }
        }
        return Optional.empty();
    }
}

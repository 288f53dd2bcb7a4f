package io.routstr.gateway.application.service;

import java.util.List;
import java.util.Objects;

/**
 * What the provider listing says (Routstr §8): {@code PROVIDER_ID} (blank: the d tag already published, else the
 * first 12 hex of the pubkey), public endpoints ({@code HTTP_URL}, {@code ONION_URL}), trusted mints, version, name and
 * description.
 */
public record ProviderListingSettings(
        String providerId, List<String> endpoints, List<String> mints, String version, String name, String about) {

    /** Routstr never lists its default local address. */
    static final String LOCAL_DEFAULT = "http://localhost:8000";

    public ProviderListingSettings {
        providerId = providerId == null ? "" : providerId.strip();
        endpoints = endpoints.stream()
                .filter(Objects::nonNull)
                .map(String::strip)
                .filter(u -> !u.isEmpty() && !u.equals(LOCAL_DEFAULT))
                .toList();
        mints = mints.stream()
                .filter(Objects::nonNull)
                .map(String::strip)
                .filter(m -> !m.isEmpty())
                .toList();
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(about, "about");
    }
}

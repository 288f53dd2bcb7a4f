package io.routstr.gateway.domain.nostr;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The node's provider listing (Routstr §8, kind 38421, parameterised replaceable): tags {@code d} (provider id), one
 * {@code u} per public endpoint, one {@code mint} per trusted mint, {@code version}; content the compact JSON
 * {@code {"name","about"}}. Two listings are the same when their tags and content are, whatever their time.
 */
public record ProviderListing(
        String providerId, List<String> endpoints, List<String> mints, String version, String name, String about) {

    public static final int KIND = 38421;

    public ProviderListing {
        Objects.requireNonNull(providerId, "provider id");
        endpoints = List.copyOf(endpoints);
        mints = List.copyOf(mints);
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(about, "about");
        if (providerId.isBlank()) {
            throw new IllegalArgumentException("a listing needs a provider id");
        }
    }

    public List<List<String>> tags() {
        List<List<String>> tags = new ArrayList<>();
        tags.add(List.of("d", providerId));
        endpoints.forEach(u -> tags.add(List.of("u", u)));
        mints.forEach(m -> tags.add(List.of("mint", m)));
        tags.add(List.of("version", version));
        return List.copyOf(tags);
    }

    public String content() {
        StringBuilder out = new StringBuilder("{\"name\":");
        NostrEvent.appendString(out, name);
        out.append(",\"about\":");
        NostrEvent.appendString(out, about);
        return out.append('}').toString();
    }

    /** The unsigned event of this listing by {@code pubkey} at {@code createdAt} (seconds). */
    public NostrEvent toEvent(String pubkey, long createdAt) {
        return NostrEvent.unsigned(pubkey, createdAt, KIND, tags(), content());
    }

    /** Whether {@code published} already says what this listing says (kind, tags and content). */
    public boolean isPublishedAs(NostrEvent published) {
        return published.kind() == KIND
                && published.tags().equals(tags())
                && published.content().equals(content());
    }
}

package io.routstr.gateway.domain.mint;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/** A Cashu mint's base URL, normalised without a trailing slash (NUT-00: tokens carry it that way). */
public record MintUrl(String value) {

    public MintUrl {
        Objects.requireNonNull(value, "mint url");
        value = value.strip();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a mint URL: " + value, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("a mint URL is http(s)://host[:port][/path]: " + value);
        }
    }

    public static MintUrl of(String value) {
        return new MintUrl(value);
    }

    @Override
    public String toString() {
        return value;
    }
}

package io.routstr.gateway.domain.proxy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which POST paths the proxy forwards to a provider (Routstr §17, "proxy allowlist"): the endpoints it knows how to
 * bill by usage ({@link ApiEndpoint}), plus the operator's {@code PROXY_EXTRA_ALLOWED_PATHS}, which are forwarded as
 * they are and billed per request. Anything else never reaches a provider: forwarding it would spend the operator's
 * provider credit on answers (assistants, files, fine-tunes) the node cannot price.
 *
 * <p>Paths compare without a leading {@code /}, a {@code v1/} prefix or a trailing {@code /}, ignoring case. An extra
 * path ending in {@code /*} allows everything below it, one safe path segment ({@code [a-z0-9._-]}, never {@code .}
 * or {@code ..}) at a time.
 */
public final class ProxyAllowlist {

    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9._-]+");

    private final Set<String> extraPaths;
    private final List<String> extraPrefixes;

    private ProxyAllowlist(Set<String> extraPaths, List<String> extraPrefixes) {
        this.extraPaths = Set.copyOf(extraPaths);
        this.extraPrefixes = List.copyOf(extraPrefixes);
    }

    /** Only the endpoints the node bills by usage. */
    public static ProxyAllowlist knownEndpointsOnly() {
        return new ProxyAllowlist(Set.of(), List.of());
    }

    /** The known endpoints plus {@code extraPaths}, comma separated as in {@code PROXY_EXTRA_ALLOWED_PATHS}. */
    public static ProxyAllowlist withExtraPaths(String extraPaths) {
        Objects.requireNonNull(extraPaths, "extra paths");
        Set<String> paths = new LinkedHashSet<>();
        List<String> prefixes = new ArrayList<>();
        for (String entry : extraPaths.split(",")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            boolean below = trimmed.endsWith("/*");
            String path = canonical(below ? trimmed.substring(0, trimmed.length() - 2) : trimmed)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "PROXY_EXTRA_ALLOWED_PATHS holds an invalid path: '" + trimmed + "'"));
            if (path.isEmpty()) {
                throw new IllegalArgumentException("PROXY_EXTRA_ALLOWED_PATHS cannot allow the whole API");
            }
            if (below) {
                prefixes.add(path + "/");
            } else {
                paths.add(path);
            }
        }
        return new ProxyAllowlist(paths, prefixes);
    }

    /**
     * What a POST to {@code path} is: a known endpoint, {@link ApiEndpoint#OTHER} for an extra allowed path (to be
     * forwarded as {@link #canonical(String)} gives it), or empty when it must not be forwarded.
     */
    public Optional<ApiEndpoint> endpointOf(String path) {
        Optional<String> canonical = canonical(path);
        if (canonical.isEmpty() || canonical.get().isEmpty()) {
            return Optional.empty();
        }
        String p = canonical.get();
        ApiEndpoint known = ApiEndpoint.of(p);
        if (known != ApiEndpoint.OTHER) {
            return Optional.of(known);
        }
        if (extraPaths.contains(p) || extraPrefixes.stream().anyMatch(p::startsWith)) {
            return Optional.of(ApiEndpoint.OTHER);
        }
        return Optional.empty();
    }

    /**
     * {@code path} without a leading {@code /}, a {@code v1/} prefix or a trailing {@code /}, in lower case; empty when
     * one of its segments is not a plain name.
     */
    public static Optional<String> canonical(String path) {
        String p = Objects.requireNonNull(path, "path").strip().toLowerCase(Locale.ROOT);
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (p.startsWith("v1/") || p.equals("v1")) {
            p = p.substring(Math.min(3, p.length()));
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return Optional.of(p);
        }
        for (String segment : p.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                return Optional.empty();
            }
        }
        return Optional.of(p);
    }
}

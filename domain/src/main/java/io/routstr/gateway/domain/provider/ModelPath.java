package io.routstr.gateway.domain.provider;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Routstr's model path (§17, its PRs #720 and #748): an opaque selector for one way to serve a model, listed by
 * {@code GET /v1/models/paths} and sent back by clients in {@code X-Routstr-Model-Path} to pin a request to that route.
 * It is {@code url=<provider base url>&model-id=<the provider's model id>}, percent-encoded, without the provider's id:
 * two providers at one URL share a path, which then goes to the better (cheaper) of them. A provider on a private
 * address or an explicit port is advertised as {@code http://localhost}, as Routstr does, so that the selector does
 * not publish where the operator's own servers are; a short digest of the real URL keeps two such providers apart.
 */
public record ModelPath(String value) {

    public ModelPath {
        Objects.requireNonNull(value, "model path");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a model path is not blank");
        }
    }

    /** The path of {@code route}. */
    public static ModelPath of(ModelRoute route) {
        return new ModelPath("url=" + encode(advertisedUrl(route.provider().baseUrl())) + "&model-id="
                + encode(route.upstreamModelId()));
    }

    /** The first of {@code routes} (best first) that {@code selector} names; empty when it names none. */
    public static List<ModelRoute> pin(List<ModelRoute> routes, String selector) {
        String wanted = selector.strip();
        return routes.stream()
                .filter(route -> of(route).value().equals(wanted))
                .limit(1)
                .toList();
    }

    private static String advertisedUrl(String baseUrl) {
        try {
            URI uri = URI.create(baseUrl);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            if (uri.getPort() != -1 || isPrivate(host)) {
                return masked(baseUrl);
            }
            return baseUrl;
        } catch (IllegalArgumentException e) {
            return masked(baseUrl);
        }
    }

    /** {@code http://localhost/} and a short digest, so that two private providers keep distinct paths. */
    private static String masked(String baseUrl) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(baseUrl.getBytes(StandardCharsets.UTF_8));
            return "http://localhost/" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static boolean isPrivate(String host) {
        return host.isEmpty()
                || host.equals("localhost")
                || host.endsWith(".local")
                || host.endsWith(".internal")
                || host.startsWith("[")
                || host.chars().allMatch(c -> Character.isDigit(c) || c == '.')
                || !host.contains(".");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}

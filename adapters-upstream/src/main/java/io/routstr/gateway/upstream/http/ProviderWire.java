package io.routstr.gateway.upstream.http;

import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** How one provider type is addressed: its URLs, its credentials header and the headers it must not get. */
final class ProviderWire {

    /** Anthropic's API version when the client names none. */
    static final String ANTHROPIC_VERSION = "2023-06-01";

    /**
     * Client headers never forwarded (Routstr §7.4): credentials, payment and refund headers, hop-by-hop headers
     * (RFC 9110 §7.6.1), and those the HTTP client sets itself. {@code accept-encoding} is dropped so that the
     * upstream answers uncompressed.
     */
    private static final Set<String> DROPPED = Set.of(
            "authorization",
            "x-cashu",
            "refund-lnurl",
            "key-expiry-time",
            "api-key",
            "x-api-key",
            "cookie",
            "host",
            "content-length",
            "content-type",
            "accept-encoding",
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "expect",
            "http2-settings",
            "origin",
            "referer",
            "forwarded",
            "x-forwarded-for",
            "x-forwarded-host",
            "x-forwarded-proto",
            "x-real-ip");

    private ProviderWire() {}

    /** The URL of {@code path} at {@code provider}; Azure addresses a deployment named after the model. */
    static URI uri(UpstreamProvider provider, String path, String upstreamModel) {
        String base = provider.baseUrl();
        if (provider.type() == ProviderType.AZURE) {
            String version = provider.apiVersion().orElse("2024-02-15-preview");
            return URI.create(base + "/openai/deployments/" + URLEncoder.encode(upstreamModel, StandardCharsets.UTF_8)
                    + "/" + path + "?api-version=" + URLEncoder.encode(version, StandardCharsets.UTF_8));
        }
        return URI.create(base + "/" + path);
    }

    /** The provider's credentials: {@code api-key} for Azure, {@code x-api-key} for Anthropic Messages, else bearer. */
    static Map<String, String> credentials(UpstreamProvider provider, ApiEndpoint endpoint) {
        Map<String, String> headers = new LinkedHashMap<>();
        provider.apiKey().ifPresent(key -> {
            if (provider.type() == ProviderType.AZURE) {
                headers.put("api-key", key.reveal());
            } else if (provider.type() == ProviderType.ANTHROPIC && endpoint == ApiEndpoint.MESSAGES) {
                headers.put("x-api-key", key.reveal());
            } else {
                headers.put("Authorization", "Bearer " + key.reveal());
            }
        });
        return headers;
    }

    /** Whether a client header may go upstream. */
    static boolean forwardable(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !DROPPED.contains(lower) && !lower.startsWith("sec-") && !lower.startsWith(":");
    }

    /** The client's headers minus those never forwarded. */
    static Map<String, List<String>> forwardableHeaders(Map<String, List<String>> client) {
        Map<String, List<String>> kept = new LinkedHashMap<>();
        client.forEach((name, values) -> {
            if (forwardable(name)) {
                kept.put(name, values);
            }
        });
        return kept;
    }
}

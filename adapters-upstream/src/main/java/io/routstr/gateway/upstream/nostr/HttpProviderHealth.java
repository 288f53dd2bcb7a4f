package io.routstr.gateway.upstream.nostr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.out.ProviderHealthPort;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Checks a discovered provider as Routstr does (§8): {@code /v1/info}, then {@code /v1/models}, then the root; the
 * first 200 wins, and its body is kept as the health's {@code json} when it is JSON of at most {@value #MAX_JSON_BYTES}
 * bytes (a listed node is anybody: what it answers is bounded, and re-serialised from its parse rather than passed on
 * as sent). No redirects are followed, and {@code .onion} endpoints are not reached (this node has no Tor proxy
 * setting).
 */
public final class HttpProviderHealth implements ProviderHealthPort {

    /** The largest answer kept as a provider's health JSON. */
    static final int MAX_JSON_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String[]> PATHS = List.of(
            new String[] {"/v1/info", "info"}, new String[] {"/v1/models", "models"}, new String[] {"", "root"});

    private final HttpClient http;
    private final Duration timeout;

    public HttpProviderHealth(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Health check(String endpointUrl) {
        String base = endpointUrl.endsWith("/") ? endpointUrl.substring(0, endpointUrl.length() - 1) : endpointUrl;
        int last = 0;
        try {
            if (URI.create(base).getHost() == null || URI.create(base).getHost().endsWith(".onion")) {
                return new Health(0, "error");
            }
        } catch (IllegalArgumentException e) {
            return new Health(0, "error");
        }
        for (String[] path : PATHS) {
            try {
                HttpResponse<InputStream> response = http.send(
                        HttpRequest.newBuilder(URI.create(base + path[0]))
                                .timeout(timeout)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                last = response.statusCode();
                try (InputStream body = response.body()) {
                    if (last == 200) {
                        return new Health(200, path[1], json(body));
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                return new Health(last, "error");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Health(last, "error");
            }
        }
        return new Health(last, "error");
    }

    /** The body as compact JSON, or empty when it is larger than the bound or not JSON. */
    private static Optional<String> json(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_JSON_BYTES + 1);
        if (bytes.length > MAX_JSON_BYTES) {
            return Optional.empty();
        }
        try {
            JsonNode parsed = JSON.readTree(bytes);
            return parsed == null || parsed.isMissingNode()
                    ? Optional.empty()
                    : Optional.of(JSON.writeValueAsString(parsed));
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
    }
}

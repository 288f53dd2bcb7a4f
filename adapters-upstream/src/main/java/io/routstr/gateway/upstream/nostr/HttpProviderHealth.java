package io.routstr.gateway.upstream.nostr;

import io.routstr.gateway.application.port.out.ProviderHealthPort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Checks a discovered provider as Routstr does (§8): {@code /v1/info}, then {@code /v1/models}, then the root; the
 * first 200 wins. Bodies are discarded. No redirects are followed, and {@code .onion} endpoints are not reached
 * (this node has no Tor proxy setting).
 */
public final class HttpProviderHealth implements ProviderHealthPort {

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
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create(base + path[0]))
                                .timeout(timeout)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                last = response.statusCode();
                if (last == 200) {
                    return new Health(200, path[1]);
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
}

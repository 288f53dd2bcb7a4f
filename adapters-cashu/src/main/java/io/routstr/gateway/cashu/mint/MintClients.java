package io.routstr.gateway.cashu.mint;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.domain.mint.MintUrl;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link MintClient} per mint URL, each with its own keyset cache, bulkhead and circuit breaker. */
public final class MintClients {

    private final HttpClient http;
    private final ObjectMapper json;
    private final MintClientSettings settings;
    private final Map<MintUrl, MintClient> clients = new ConcurrentHashMap<>();

    /** {@code http} is the template of each mint's connections (see {@link MintConnections}), not used itself. */
    public MintClients(HttpClient http, ObjectMapper json, MintClientSettings settings) {
        this.http = Objects.requireNonNull(http, "http client");
        this.json = Objects.requireNonNull(json, "json");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public MintClient client(MintUrl mint) {
        return clients.computeIfAbsent(mint, url -> new MintClient(url, http, json, settings));
    }
}

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
    private final MintCallObserver observer;
    private final Map<MintUrl, MintClient> clients = new ConcurrentHashMap<>();

    /** {@code http} is the template of each mint's connections (see {@link MintConnections}), not used itself. */
    public MintClients(HttpClient http, ObjectMapper json, MintClientSettings settings) {
        this(http, json, settings, MintCallObserver.NONE);
    }

    /** {@code observer} is told of every call to every mint and how long it took (metrics). */
    public MintClients(HttpClient http, ObjectMapper json, MintClientSettings settings, MintCallObserver observer) {
        this.http = Objects.requireNonNull(http, "http client");
        this.json = Objects.requireNonNull(json, "json");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    public MintClient client(MintUrl mint) {
        return clients.computeIfAbsent(mint, url -> new MintClient(url, http, json, settings, observer));
    }
}

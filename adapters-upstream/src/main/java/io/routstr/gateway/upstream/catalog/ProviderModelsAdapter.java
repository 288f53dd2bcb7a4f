package io.routstr.gateway.upstream.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.out.ProviderModelsPort;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import io.routstr.gateway.upstream.http.JsonGet;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.event.Level;

/** Asks a provider's {@code /models} which model ids it serves, with the provider's own credentials. */
public final class ProviderModelsAdapter implements ProviderModelsPort {

    private final ObjectMapper mapper;
    private final JsonGet http;

    public ProviderModelsAdapter(ObjectMapper mapper, Duration timeout) {
        this.mapper = mapper;
        this.http = new JsonGet(timeout, Level.WARN);
    }

    @Override
    public Optional<List<String>> listModels(UpstreamProvider provider) {
        Map<String, String> headers = provider.apiKey()
                .map(key -> provider.type() == ProviderType.ANTHROPIC
                        ? Map.of("x-api-key", key.reveal(), "anthropic-version", "2023-06-01")
                        : Map.of("Authorization", "Bearer " + key.reveal()))
                .orElse(Map.of());
        return http.get(
                URI.create(provider.baseUrl() + "/models"),
                headers,
                "Model list of " + provider.label(),
                body -> ids(mapper.readValue(body, CatalogJson.MAP)));
    }

    private static List<String> ids(Map<String, Object> body) {
        List<String> ids = new ArrayList<>();
        if (body.get("data") instanceof List<?> data) {
            for (Object item : data) {
                if (item instanceof Map<?, ?> model && model.get("id") instanceof String id && !id.isBlank()) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }
}

package io.routstr.gateway.upstream.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.out.ProviderModelsPort;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks a provider's {@code /models} which model ids it serves, with the provider's own credentials. */
public final class ProviderModelsAdapter implements ProviderModelsPort {

    private static final Logger log = LoggerFactory.getLogger(ProviderModelsAdapter.class);

    private final ObjectMapper mapper;
    private final HttpClient http;
    private final Duration timeout;

    public ProviderModelsAdapter(ObjectMapper mapper, Duration timeout) {
        this.mapper = mapper;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    @Override
    public Optional<List<String>> listModels(UpstreamProvider provider) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(provider.baseUrl() + "/models"))
                    .timeout(timeout)
                    .GET();
            provider.apiKey().ifPresent(key -> {
                if (provider.type() == ProviderType.ANTHROPIC) {
                    request.header("x-api-key", key.reveal()).header("anthropic-version", "2023-06-01");
                } else {
                    request.header("Authorization", "Bearer " + key.reveal());
                }
            });
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                log.warn("Model list of {} answered {}", provider.label(), response.statusCode());
                return Optional.empty();
            }
            Map<String, Object> body = mapper.readValue(response.body(), CatalogJson.MAP);
            List<String> ids = new ArrayList<>();
            if (body.get("data") instanceof List<?> data) {
                for (Object item : data) {
                    if (item instanceof Map<?, ?> model && model.get("id") instanceof String id && !id.isBlank()) {
                        ids.add(id);
                    }
                }
            }
            return Optional.of(ids);
        } catch (IOException | RuntimeException e) {
            log.warn("Model list of {} unavailable: {}", provider.label(), e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}

package io.routstr.gateway.rest.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.in.nostr.DiscoverProvidersUseCase;
import io.routstr.gateway.application.port.in.nostr.DiscoverProvidersUseCase.Directory;
import io.routstr.gateway.application.port.in.nostr.DiscoverProvidersUseCase.DiscoveredProvider;
import io.routstr.gateway.rest.error.ErrorResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/providers/}: other Routstr providers found on Nostr (Routstr §2.1, §8), 404 while discovery is off
 * ({@code PROVIDERS_REFRESH_INTERVAL_SECONDS=0}, the default). {@code GET /v1/providers} redirects there (307).
 */
@RestController
@Tag(name = "Node", description = "Node identity")
record ProvidersController(DiscoverProvidersUseCase discover) {

    private static final ObjectMapper JSON = new ObjectMapper();

    @GetMapping("/v1/providers")
    ResponseEntity<Void> redirect() {
        return ResponseEntity.status(HttpStatus.TEMPORARY_REDIRECT)
                .location(URI.create("/v1/providers/"))
                .build();
    }

    @Operation(
            summary = "Discovered providers",
            description = "Provider listings (Nostr kind 38421) found on the relays; with include_json their health")
    @GetMapping(path = "/v1/providers/", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> providers(
            @RequestParam(name = "include_json", defaultValue = "false") boolean includeJson,
            @RequestParam(name = "pubkey", required = false) Optional<String> pubkey,
            HttpServletRequest request) {
        return switch (discover.list(pubkey.filter(p -> !p.isBlank()))) {
            case Directory.Disabled disabled ->
                ErrorResponses.of(
                        HttpStatus.NOT_FOUND,
                        "Provider discovery is disabled",
                        "invalid_request_error",
                        "provider_discovery_disabled",
                        request);
            case Directory.Listed listed ->
                ResponseEntity.ok(Map.of(
                        "providers",
                        listed.providers().stream()
                                .map(p -> includeJson ? withHealth(p) : provider(p))
                                .toList()));
        };
    }

    private static Map<String, Object> withHealth(DiscoveredProvider p) {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status_code", p.health().statusCode());
        health.put("endpoint", p.health().endpoint());
        health.put("json", p.health().json().map(ProvidersController::parse).orElse(null));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("provider", provider(p));
        entry.put("health", health);
        return entry;
    }

    /** Routstr's provider shape; name and description come from the listing's content {@code {"name","about"}}. */
    private static Map<String, Object> provider(DiscoveredProvider p) {
        JsonNode content = parse(p.content());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", p.id());
        out.put("pubkey", p.pubkey());
        out.put("created_at", p.createdAt());
        out.put("kind", p.kind());
        out.put(
                "endpoint_url",
                p.endpointUrls().isEmpty() ? null : p.endpointUrls().getFirst());
        out.put("endpoint_urls", List.copyOf(p.endpointUrls()));
        out.put("name", content.path("name").asText(""));
        out.put("description", content.path("about").asText(""));
        out.put("mint_urls", List.copyOf(p.mintUrls()));
        out.put("version", p.version());
        out.put("content", p.content());
        return out;
    }

    private static JsonNode parse(String content) {
        try {
            return JSON.readTree(content);
        } catch (IOException | RuntimeException e) {
            return JSON.createObjectNode();
        }
    }
}

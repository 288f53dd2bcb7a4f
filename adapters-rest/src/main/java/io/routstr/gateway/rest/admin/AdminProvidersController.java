package io.routstr.gateway.rest.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.routstr.gateway.application.port.in.admin.AdminProvidersUseCase;
import io.routstr.gateway.application.port.in.admin.AdminProvidersUseCase.EditProviderCommand;
import io.routstr.gateway.application.port.in.admin.AdminProvidersUseCase.NewProviderCommand;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.PriceOverride;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.ProviderSecret;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.rest.error.ErrorResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Upstream providers (Routstr's {@code upstream-providers}, keys redacted) and model price overrides. */
@RestController
@Tag(name = "Admin", description = "The operator's API: a session or an admin API token (docs/admin.md)")
@RequestMapping("/admin/api")
record AdminProvidersController(AdminProvidersUseCase providers) {

    @GetMapping("/upstream-providers")
    List<Map<String, Object>> list() {
        return providers.providers().stream().map(AdminViews::provider).toList();
    }

    @PostMapping("/upstream-providers")
    ResponseEntity<Map<String, Object>> add(@RequestBody JsonNode body) {
        JsonNode json = AdminRequests.object(body);
        ProviderType type = ProviderType.fromName(AdminRequests.requiredText(json, "provider_type"))
                .orElseThrow(() -> new IllegalArgumentException("unknown provider_type"));
        NewProviderCommand command = new NewProviderCommand(
                type,
                AdminRequests.text(json, "base_url").orElse(""),
                AdminRequests.text(json, "api_key").filter(k -> !k.isBlank()).map(ProviderSecret::of),
                fee(json).orElse(ProviderFee.ROUTSTR_DEFAULT),
                AdminRequests.bool(json, "enabled").orElse(true),
                AdminRequests.text(json, "api_version").filter(v -> !v.isBlank()));
        return ResponseEntity.status(HttpStatus.CREATED).body(AdminViews.provider(providers.add(command)));
    }

    /** Changes the fields the body names; {@code api_key} rotates the key, {@code enabled: false} disables it. */
    @PatchMapping("/upstream-providers/{id}")
    ResponseEntity<?> edit(@PathVariable String id, @RequestBody JsonNode body, HttpServletRequest request) {
        JsonNode json = AdminRequests.object(body);
        EditProviderCommand command = new EditProviderCommand(
                AdminRequests.text(json, "base_url"),
                AdminRequests.text(json, "api_key").filter(k -> !k.isBlank()).map(ProviderSecret::of),
                fee(json),
                AdminRequests.bool(json, "enabled"),
                AdminRequests.text(json, "api_version"));
        ProviderId providerId = new ProviderId(id);
        if (!providers.edit(providerId, command)) {
            return ErrorResponses.of(
                    HttpStatus.NOT_FOUND, "No such provider", "invalid_request_error", "provider_not_found", request);
        }
        return ResponseEntity.ok(providers.providers().stream()
                .filter(p -> p.id().equals(providerId))
                .findFirst()
                .map(AdminViews::provider)
                .orElseThrow());
    }

    @GetMapping("/price-overrides")
    List<Map<String, Object>> overrides() {
        return providers.priceOverrides().stream()
                .map(AdminViews::priceOverride)
                .toList();
    }

    /** USD per token, as the catalogue prices them; {@code enabled: false} hides the model. */
    @PutMapping("/price-overrides/{modelId}")
    Map<String, Object> overridePrice(@PathVariable String modelId, @RequestBody JsonNode body) {
        JsonNode json = AdminRequests.object(body);
        PriceOverride override = new PriceOverride(
                modelId,
                decimal(json, "prompt").orElse(BigDecimal.ZERO),
                decimal(json, "completion").orElse(BigDecimal.ZERO),
                decimal(json, "request").orElse(BigDecimal.ZERO),
                decimal(json, "cache_read"),
                decimal(json, "cache_write"),
                AdminRequests.bool(json, "enabled").orElse(true));
        providers.overridePrice(override);
        return AdminViews.priceOverride(override);
    }

    /** {@code provider_fee} as a JSON number or a string of one. */
    private static Optional<ProviderFee> fee(JsonNode json) {
        return decimal(json, "provider_fee").map(ProviderFee::new);
    }

    private static Optional<BigDecimal> decimal(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(value.asText()));
    }
}

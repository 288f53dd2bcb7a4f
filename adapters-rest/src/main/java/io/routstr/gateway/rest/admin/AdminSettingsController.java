package io.routstr.gateway.rest.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.routstr.gateway.application.port.in.admin.ChangeNostrKeyUseCase;
import io.routstr.gateway.application.port.in.admin.ChangeNostrKeyUseCase.NsecOutcome;
import io.routstr.gateway.application.port.in.admin.EditSettingsUseCase;
import io.routstr.gateway.application.port.in.admin.EditSettingsUseCase.EditOutcome;
import io.routstr.gateway.rest.error.ErrorResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The node's settings (Routstr's {@code GET/PATCH /admin/api/settings}) and its Nostr key ({@code PATCH
 * /admin/api/nsec}). Secrets are shown redacted and cannot be changed through the settings.
 */
@RestController
@Tag(name = "Admin", description = "The operator's API: a session or an admin API token (docs/admin.md)")
class AdminSettingsController {

    private final EditSettingsUseCase settings;
    private final ChangeNostrKeyUseCase nostrKey;

    AdminSettingsController(EditSettingsUseCase settings, ChangeNostrKeyUseCase nostrKey) {
        this.settings = settings;
        this.nostrKey = nostrKey;
    }

    /** Every setting by its environment name, the edited ones with their edited value; secrets {@code [REDACTED]}. */
    @GetMapping("/admin/api/settings")
    Map<String, String> settings() {
        return settings.settings();
    }

    /**
     * A partial map of environment names (any case) to new values; {@code null} restores the environment's. Secrets
     * are ignored; a name that cannot change at run time or an invalid value is 400 {@code invalid_settings} and
     * changes nothing.
     */
    @PatchMapping("/admin/api/settings")
    ResponseEntity<?> edit(@RequestBody JsonNode body, HttpServletRequest request) {
        JsonNode json = AdminRequests.object(body);
        Map<String, Optional<String>> changes = new LinkedHashMap<>();
        json.properties()
                .forEach(field -> changes.put(
                        field.getKey(),
                        field.getValue().isNull()
                                ? Optional.empty()
                                : Optional.of(field.getValue().asText())));
        return switch (settings.edit(changes)) {
            case EditOutcome.Edited edited -> ResponseEntity.ok(edited.settings());
            case EditOutcome.Invalid invalid ->
                ErrorResponses.of(
                        HttpStatus.BAD_REQUEST,
                        String.join("; ", invalid.errors()),
                        "invalid_request_error",
                        "invalid_settings",
                        request);
        };
    }

    /**
     * {@code {nsec}}: an {@code nsec1…} key or 64 hex characters, stored sealed and used from now on instead of
     * {@code NSEC}; empty clears it. Answers {@code {ok, npub}}, or 400 {@code Invalid nsec}.
     */
    @PatchMapping("/admin/api/nsec")
    ResponseEntity<?> changeNsec(@RequestBody JsonNode body, HttpServletRequest request) {
        String nsec = AdminRequests.text(AdminRequests.object(body), "nsec").orElse("");
        return switch (nostrKey.change(nsec)) {
            case NsecOutcome.Changed changed -> {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("ok", true);
                answer.put("npub", changed.npub());
                yield ResponseEntity.ok(answer);
            }
            case NsecOutcome.Invalid invalid ->
                ErrorResponses.of(
                        HttpStatus.BAD_REQUEST, "Invalid nsec", "invalid_request_error", "invalid_nsec", request);
        };
    }
}

package io.routstr.gateway.rest.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase;
import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase.LoginOutcome;
import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase.PasswordChangeOutcome;
import io.routstr.gateway.application.port.in.admin.AdminTokensUseCase;
import io.routstr.gateway.application.port.in.admin.RevealSeedUseCase;
import io.routstr.gateway.application.port.in.admin.RevealSeedUseCase.SeedOutcome;
import io.routstr.gateway.rest.error.ApiError;
import io.routstr.gateway.rest.error.ErrorResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Signing in and out, the password, scripts' API tokens and the seed (Routstr §2.5 and §9). */
@RestController
@Tag(name = "Admin", description = "The operator's API: a session or an admin API token (docs/admin.md)")
@RequestMapping("/admin/api")
record AdminAccessController(AdminAccessUseCase access, AdminTokensUseCase tokens, RevealSeedUseCase seed) {

    /** Routstr's {@code {ok, token, expires_in}}; the token is also set as the dashboard's HttpOnly cookie. */
    @PostMapping("/login")
    ResponseEntity<?> logIn(@RequestBody JsonNode body, HttpServletRequest request, HttpServletResponse response) {
        String password =
                AdminRequests.text(AdminRequests.object(body), "password").orElse("");
        return switch (access.logIn(password)) {
            case LoginOutcome.LoggedIn in -> {
                AdminCookies.set(request, response, in.sessionToken(), in.expiresIn());
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("ok", true);
                answer.put("token", in.sessionToken());
                answer.put("csrf_token", in.csrfToken());
                answer.put("expires_in", in.expiresIn().toSeconds());
                yield ResponseEntity.ok().header("Cache-Control", "no-store").body(answer);
            }
            case LoginOutcome.WrongPassword wrong -> wrongPassword(request);
            case LoginOutcome.NoPasswordSet none ->
                ErrorResponses.of(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "No admin password is set",
                        "server_error",
                        "admin_password_missing",
                        request);
        };
    }

    @PostMapping("/logout")
    Map<String, Object> logOut(HttpServletRequest request, HttpServletResponse response) {
        AdminAuthFilter.bearer(request).or(() -> AdminCookies.session(request)).ifPresent(access::logOut);
        AdminCookies.clear(request, response);
        return Map.of("ok", true);
    }

    @PatchMapping("/password")
    ResponseEntity<?> changePassword(@RequestBody JsonNode body, HttpServletRequest request) {
        JsonNode json = AdminRequests.object(body);
        PasswordChangeOutcome outcome = access.changePassword(
                AdminRequests.text(json, "current_password").orElse(""),
                AdminRequests.text(json, "new_password").orElse(""));
        return switch (outcome) {
            case PasswordChangeOutcome.Changed changed -> ResponseEntity.ok(Map.of("ok", true));
            case PasswordChangeOutcome.WrongCurrentPassword wrong ->
                ErrorResponses.of(
                        HttpStatus.UNAUTHORIZED,
                        "Current password is wrong",
                        "authentication_error",
                        "invalid_password",
                        request);
            case PasswordChangeOutcome.TooShort tooShort ->
                ErrorResponses.of(
                        HttpStatus.BAD_REQUEST,
                        "The new password needs at least " + tooShort.minimum() + " characters",
                        "invalid_request_error",
                        "password_too_short",
                        request);
        };
    }

    @GetMapping("/cli-tokens")
    List<Map<String, Object>> listTokens() {
        return tokens.list().stream().map(AdminViews::token).toList();
    }

    /** The token is in this answer only; afterwards its preview identifies it. */
    @PostMapping("/cli-tokens")
    ResponseEntity<Map<String, Object>> issueToken(@RequestBody JsonNode body) {
        JsonNode json = AdminRequests.object(body);
        Optional<Integer> days = AdminRequests.nullableLong(json, "expires_in_days")
                .flatMap(v -> v)
                .map(Math::toIntExact);
        AdminTokensUseCase.IssuedToken issued = tokens.issue(AdminRequests.requiredText(json, "name"), days);
        Map<String, Object> answer = new LinkedHashMap<>(AdminViews.token(issued.view()));
        answer.put("token", issued.token());
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Cache-Control", "no-store")
                .body(answer);
    }

    @DeleteMapping("/cli-tokens/{id}")
    ResponseEntity<?> revokeToken(@PathVariable String id, HttpServletRequest request) {
        if (!tokens.revoke(UUID.fromString(id))) {
            return ErrorResponses.of(
                    HttpStatus.NOT_FOUND, "No such active token", "invalid_request_error", "token_not_found", request);
        }
        return ResponseEntity.ok(Map.of("ok", true));
    }

    /** The seed's mnemonic, only with the password typed again; never cached. */
    @PostMapping("/seed")
    ResponseEntity<?> revealSeed(@RequestBody JsonNode body, HttpServletRequest request) {
        String password =
                AdminRequests.text(AdminRequests.object(body), "password").orElse("");
        return switch (seed.reveal(password)) {
            case SeedOutcome.Revealed revealed ->
                ResponseEntity.ok().header("Cache-Control", "no-store").body(Map.of("mnemonic", revealed.mnemonic()));
            case SeedOutcome.WrongPassword wrong -> wrongPassword(request);
        };
    }

    /** Signing in and revealing the seed refuse a wrong password alike. */
    private static ResponseEntity<ApiError> wrongPassword(HttpServletRequest request) {
        return ErrorResponses.of(
                HttpStatus.UNAUTHORIZED, "Invalid password", "authentication_error", "invalid_password", request);
    }
}

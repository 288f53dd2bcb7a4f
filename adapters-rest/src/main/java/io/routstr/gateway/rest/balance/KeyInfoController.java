package io.routstr.gateway.rest.balance;

import io.routstr.gateway.application.port.in.key.DescribeApiKeyUseCase;
import io.routstr.gateway.application.port.in.key.KeyHistoryUseCase;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;

/** A key's balance, limits and history under Routstr's balance API (reference §2.2). */
@BalanceApi
record KeyInfoController(BalanceKeys keys, DescribeApiKeyUseCase describe, KeyHistoryUseCase history) {

    @Operation(
            summary = "Key balance and limits",
            description = "A Cashu token as bearer is redeemed once and becomes its key, sk- + sha256(token).",
            security = {@SecurityRequirement(name = "apiKey"), @SecurityRequirement(name = "cashuToken")})
    @GetMapping({"", "/", "/info"})
    ResponseEntity<?> info(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) Optional<String> authorization,
            HttpServletRequest request) {
        return keys.withKey(
                authorization,
                true,
                request,
                (key, secret) -> describe.describe(key.id())
                        .<ResponseEntity<?>>map(d -> ResponseEntity.ok(BalanceResponses.Info.from(d, secret.reveal())))
                        .orElseGet(() -> BalanceErrors.invalidAuthorization(request)));
    }

    @Operation(summary = "A key's money movements, newest first", security = @SecurityRequirement(name = "apiKey"))
    @GetMapping("/history")
    ResponseEntity<?> history(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) Optional<String> authorization,
            HttpServletRequest request) {
        return keys.withKey(authorization, false, request, (key, secret) -> {
            if (key.isChild()) {
                return BalanceErrors.plain(
                        HttpStatus.BAD_REQUEST,
                        "History is not available for child keys",
                        "invalid_request_error",
                        "child_key_history",
                        request);
            }
            return ResponseEntity.ok(new BalanceResponses.History(history.history(key.id()).stream()
                    .map(BalanceResponses.Transaction::from)
                    .toList()));
        });
    }
}

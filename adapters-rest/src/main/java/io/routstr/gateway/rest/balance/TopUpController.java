package io.routstr.gateway.rest.balance;

import io.routstr.gateway.application.port.in.payment.TopUpWithEcashUseCase;
import io.routstr.gateway.application.port.in.payment.TopUpWithEcashUseCase.TopUpCommand;
import io.routstr.gateway.application.port.in.payment.TopUpWithEcashUseCase.TopUpOutcome;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/** Topping a key up with a Cashu token (Routstr reference §2.2, {@code /v1/balance/topup}). */
@BalanceApi
record TopUpController(BalanceKeys keys, TopUpWithEcashUseCase topUp) {

    @Operation(
            summary = "Top up a key with a Cashu token",
            description = "Token as query parameter cashu_token or JSON {cashu_token}; a child key tops up its parent.",
            security = {@SecurityRequirement(name = "apiKey")})
    @PostMapping("/topup")
    ResponseEntity<?> topUp(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) Optional<String> authorization,
            @RequestParam(name = "cashu_token", required = false) String queryToken,
            @RequestBody(required = false) BalanceRequests.TopUp body,
            HttpServletRequest request) {
        String presented = queryToken != null ? queryToken : body == null ? null : body.cashuToken();
        if (presented == null || presented.isBlank()) {
            return BalanceErrors.plain(
                    HttpStatus.BAD_REQUEST,
                    "A cashu_token is required.",
                    "invalid_request_error",
                    "missing_token",
                    request);
        }
        Optional<String> token = BalanceKeys.cleanToken(presented);
        if (token.isEmpty()) {
            return BalanceErrors.structured(
                    HttpStatus.BAD_REQUEST, "Invalid token format", "invalid_token", "invalid_cashu_token", request);
        }
        return keys.withKey(authorization, true, request, (key, secret) -> switch (topUp.topUp(
                new TopUpCommand(key.id(), token.get()))) {
            case TopUpOutcome.ToppedUp done ->
                ResponseEntity.ok(new BalanceResponses.ToppedUp(done.credited().value()));
            case TopUpOutcome.AlreadyDeposited already ->
                BalanceKeys.redemptionError(RedemptionFailure.ALREADY_SPENT, "Token already spent", request);
            case TopUpOutcome.Rejected rejected ->
                BalanceKeys.redemptionError(rejected.failure(), rejected.message(), request);
            case TopUpOutcome.Busy busy -> BalanceKeys.busy(request);
            case TopUpOutcome.UnknownKey unknown -> BalanceErrors.invalidAuthorization(request);
        });
    }
}

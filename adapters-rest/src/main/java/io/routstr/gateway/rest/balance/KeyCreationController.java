package io.routstr.gateway.rest.balance;

import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase;
import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase.TokenKeyOutcome;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

/** Creating a key from a Cashu token (Routstr reference §2.2, {@code /v1/balance/create}). */
@BalanceApi
record KeyCreationController(OpenKeyWithTokenUseCase openWithToken) {

    @Operation(summary = "Create a key from a Cashu token (JSON body)")
    @PostMapping(path = "/create", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> create(@RequestBody BalanceRequests.CreateKey body, HttpServletRequest request) {
        return createKey(body, request);
    }

    @Operation(summary = "Create a key from a Cashu token (query parameters)")
    @GetMapping("/create")
    ResponseEntity<?> createFromQuery(
            @RequestParam(name = "initial_balance_token", required = false) String token,
            @RequestParam(name = "balance_limit", required = false) Long balanceLimit,
            @RequestParam(name = "balance_limit_reset", required = false) String balanceLimitReset,
            @RequestParam(name = "validity_date", required = false) Long validityDate,
            HttpServletRequest request) {
        return createKey(new BalanceRequests.CreateKey(token, balanceLimit, balanceLimitReset, validityDate), request);
    }

    private ResponseEntity<?> createKey(BalanceRequests.CreateKey body, HttpServletRequest request) {
        Optional<String> token = BalanceKeys.cleanToken(body.initialBalanceToken());
        if (token.isEmpty()) {
            return BalanceErrors.structured(
                    HttpStatus.BAD_REQUEST, "Invalid token format", "invalid_token", "invalid_cashu_token", request);
        }
        TokenKeyOutcome outcome = openWithToken.open(
                token.get(),
                BalanceRequests.limit(body.balanceLimit(), body.balanceLimitReset()),
                BalanceRequests.validity(body.validityDate()));
        return switch (outcome) {
            case TokenKeyOutcome.Opened opened ->
                ResponseEntity.ok(new BalanceResponses.Created(
                        opened.secret().reveal(), opened.key().balance().value()));
            case TokenKeyOutcome.AlreadyOpened opened ->
                ResponseEntity.ok(new BalanceResponses.Created(
                        opened.secret().reveal(), opened.key().balance().value()));
            case TokenKeyOutcome.Rejected rejected ->
                BalanceKeys.redemptionError(rejected.failure(), rejected.message(), request);
            case TokenKeyOutcome.Busy busy -> BalanceKeys.busy(request);
        };
    }
}

package io.routstr.gateway.rest.balance;

import io.routstr.gateway.application.port.in.key.ChildKeysOutcome;
import io.routstr.gateway.application.port.in.key.CreateChildKeysCommand;
import io.routstr.gateway.application.port.in.key.CreateChildKeysUseCase;
import io.routstr.gateway.application.port.in.key.ResetChildKeySpendingUseCase;
import io.routstr.gateway.domain.key.ApiKeySecret;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.rest.error.BillingErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;

/** Child keys: creating them and starting their spending limit over (Routstr reference §2.2). */
@BalanceApi
record ChildKeyController(
        BalanceKeys keys, CreateChildKeysUseCase createChildren, ResetChildKeySpendingUseCase resetChild) {

    @Operation(
            summary = "Create child keys",
            description = "Children spend the parent's balance within their own limits; each costs CHILD_KEY_COST.",
            security = @SecurityRequirement(name = "apiKey"))
    @PostMapping(path = "/child-key", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> createChildKeys(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) Optional<String> authorization,
            @RequestBody BalanceRequests.ChildKeys body,
            HttpServletRequest request) {
        int count = body.count() == null ? 1 : body.count();
        if (count < 1 || count > CreateChildKeysCommand.MAX_COUNT) {
            return BalanceErrors.plain(
                    HttpStatus.BAD_REQUEST,
                    "Count must be between 1 and " + CreateChildKeysCommand.MAX_COUNT,
                    "invalid_request_error",
                    "invalid_count",
                    request);
        }
        return keys.withKey(authorization, false, request, (key, secret) -> switch (createChildren.create(
                new CreateChildKeysCommand(
                        key.id(),
                        count,
                        BalanceRequests.limit(body.balanceLimit(), body.balanceLimitReset()),
                        BalanceRequests.validity(body.validityDate())))) {
            case ChildKeysOutcome.Created created ->
                ResponseEntity.ok(new BalanceResponses.ChildKeys(
                        created.secrets().stream().map(ApiKeySecret::reveal).toList(),
                        created.secrets().size(),
                        created.cost().value(),
                        created.cost().toSatsCeil(),
                        created.parentSpendable().value(),
                        created.parentSpendable().toSatsFloor()));
            case ChildKeysOutcome.InsufficientBalance insufficient ->
                BalanceErrors.structured(
                        HttpStatus.PAYMENT_REQUIRED,
                        "Insufficient balance: " + BillingErrors.describe(insufficient.required())
                                + " required to create " + count + " child keys; "
                                + BillingErrors.describe(insufficient.available()) + " available.",
                        "insufficient_quota",
                        "insufficient_balance",
                        request);
            case ChildKeysOutcome.ParentIsChild child ->
                BalanceErrors.plain(
                        HttpStatus.BAD_REQUEST,
                        "Child keys cannot create child keys",
                        "invalid_request_error",
                        "child_of_child",
                        request);
            case ChildKeysOutcome.UnknownParent unknown -> BalanceErrors.invalidAuthorization(request);
        });
    }

    @Operation(summary = "Start a child key's spending limit over", security = @SecurityRequirement(name = "apiKey"))
    @PostMapping(path = "/child-key/reset", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> resetChildKey(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) Optional<String> authorization,
            @RequestBody BalanceRequests.ResetChild body,
            HttpServletRequest request) {
        if (body.childKey() == null || body.childKey().isBlank()) {
            return BalanceErrors.plain(
                    HttpStatus.BAD_REQUEST,
                    "child_key is required",
                    "invalid_request_error",
                    "invalid_request",
                    request);
        }
        String presented = body.childKey().strip();
        ApiKeySecret child;
        try {
            child = ApiKeySecret.parse(presented.startsWith(ApiKeySecret.PREFIX) ? presented : "sk-" + presented);
        } catch (IllegalArgumentException e) {
            return childNotFound(request);
        }
        KeyHash childHash = child.hash();
        return keys.withKey(
                authorization, false, request, (key, secret) -> switch (resetChild.reset(key.id(), childHash)) {
                    case RESET -> ResponseEntity.ok(new BalanceResponses.Reset(true, "Child key spending reset"));
                    case CHILD_NOT_FOUND -> childNotFound(request);
                    case NOT_THE_PARENT ->
                        BalanceErrors.plain(
                                HttpStatus.FORBIDDEN,
                                "This child key does not belong to your key",
                                "invalid_request_error",
                                "not_parent",
                                request);
                });
    }

    private static ResponseEntity<?> childNotFound(HttpServletRequest request) {
        return BalanceErrors.plain(
                HttpStatus.NOT_FOUND, "Child key not found", "invalid_request_error", "child_key_not_found", request);
    }
}

package io.routstr.gateway.rest.balance;

import io.routstr.gateway.application.port.in.key.ChildKeysOutcome;
import io.routstr.gateway.application.port.in.key.CreateChildKeysCommand;
import io.routstr.gateway.application.port.in.key.CreateChildKeysUseCase;
import io.routstr.gateway.application.port.in.key.DescribeApiKeyUseCase;
import io.routstr.gateway.application.port.in.key.KeyHistoryUseCase;
import io.routstr.gateway.application.port.in.key.RefundBalanceCommand;
import io.routstr.gateway.application.port.in.key.RefundBalanceUseCase;
import io.routstr.gateway.application.port.in.key.RefundOutcome;
import io.routstr.gateway.application.port.in.key.ResetChildKeySpendingUseCase;
import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase;
import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase.TokenKeyOutcome;
import io.routstr.gateway.application.port.in.payment.PayPerRequestWithEcashUseCase;
import io.routstr.gateway.application.port.in.payment.PayPerRequestWithEcashUseCase.Recovery;
import io.routstr.gateway.application.port.in.payment.TopUpWithEcashUseCase;
import io.routstr.gateway.application.port.in.payment.TopUpWithEcashUseCase.TopUpCommand;
import io.routstr.gateway.application.port.in.payment.TopUpWithEcashUseCase.TopUpOutcome;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeySecret;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.refund.RefundStatus;
import io.routstr.gateway.rest.auth.BearerKeyResolver;
import io.routstr.gateway.rest.auth.BearerKeyResolver.Resolution;
import io.routstr.gateway.rest.error.BillingErrors;
import io.routstr.gateway.rest.error.RedemptionErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.function.BiFunction;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Routstr's balance API under {@code /v1/balance} and its deprecated alias {@code /v1/wallet} (reference §2.2): key
 * info, creation from a token, top-ups, refunds, history and child keys.
 */
@RestController
@RequestMapping(
        path = {"/v1/balance", "/v1/wallet"},
        produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Balance", description = "Prepaid keys funded with Cashu ecash")
class BalanceController {

    private static final String AUTHORIZATION = "Authorization";
    private static final String X_CASHU = "X-Cashu";

    private final BearerKeyResolver keys;
    private final DescribeApiKeyUseCase describe;
    private final OpenKeyWithTokenUseCase openWithToken;
    private final TopUpWithEcashUseCase topUp;
    private final RefundBalanceUseCase refund;
    private final KeyHistoryUseCase history;
    private final CreateChildKeysUseCase createChildren;
    private final ResetChildKeySpendingUseCase resetChild;
    private final PayPerRequestWithEcashUseCase ecashPayments;

    BalanceController(
            BearerKeyResolver keys,
            DescribeApiKeyUseCase describe,
            OpenKeyWithTokenUseCase openWithToken,
            TopUpWithEcashUseCase topUp,
            RefundBalanceUseCase refund,
            KeyHistoryUseCase history,
            CreateChildKeysUseCase createChildren,
            ResetChildKeySpendingUseCase resetChild,
            PayPerRequestWithEcashUseCase ecashPayments) {
        this.keys = keys;
        this.describe = describe;
        this.openWithToken = openWithToken;
        this.topUp = topUp;
        this.refund = refund;
        this.history = history;
        this.createChildren = createChildren;
        this.resetChild = resetChild;
        this.ecashPayments = ecashPayments;
    }

    @Operation(
            summary = "Key balance and limits",
            description = "A Cashu token as bearer is redeemed once and becomes its key, sk- + sha256(token).",
            security = {@SecurityRequirement(name = "apiKey"), @SecurityRequirement(name = "cashuToken")})
    @GetMapping({"", "/", "/info"})
    ResponseEntity<?> info(
            @RequestHeader(name = AUTHORIZATION, required = false) Optional<String> authorization,
            HttpServletRequest request) {
        return withKey(
                authorization,
                true,
                request,
                (key, secret) -> describe.describe(key.id())
                        .<ResponseEntity<?>>map(d -> ResponseEntity.ok(BalanceResponses.Info.from(d, secret.reveal())))
                        .orElseGet(() -> BalanceErrors.invalidAuthorization(request)));
    }

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
        Optional<String> token = cleanToken(body.initialBalanceToken());
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
            case TokenKeyOutcome.Rejected rejected -> redemptionError(rejected.failure(), rejected.message(), request);
            case TokenKeyOutcome.Busy busy -> busy(request);
        };
    }

    @Operation(
            summary = "Top up a key with a Cashu token",
            description = "Token as query parameter cashu_token or JSON {cashu_token}; a child key tops up its parent.",
            security = {@SecurityRequirement(name = "apiKey")})
    @PostMapping("/topup")
    ResponseEntity<?> topUp(
            @RequestHeader(name = AUTHORIZATION, required = false) Optional<String> authorization,
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
        Optional<String> token = cleanToken(presented);
        if (token.isEmpty()) {
            return BalanceErrors.structured(
                    HttpStatus.BAD_REQUEST, "Invalid token format", "invalid_token", "invalid_cashu_token", request);
        }
        return withKey(authorization, true, request, (key, secret) -> switch (topUp.topUp(
                new TopUpCommand(key.id(), token.get()))) {
            case TopUpOutcome.ToppedUp done ->
                ResponseEntity.ok(new BalanceResponses.ToppedUp(done.credited().value()));
            case TopUpOutcome.AlreadyDeposited already ->
                redemptionError(RedemptionFailure.ALREADY_SPENT, "Token already spent", request);
            case TopUpOutcome.Rejected rejected -> redemptionError(rejected.failure(), rejected.message(), request);
            case TopUpOutcome.Busy busy -> busy(request);
            case TopUpOutcome.UnknownKey unknown -> BalanceErrors.invalidAuthorization(request);
        });
    }

    @Operation(
            summary = "Refund a key's balance",
            description = "Pays the whole spendable balance back as a Cashu token, or over Lightning to the key's "
                    + "refund address. A sat mint pays whole sats; the sub-sat remainder stays on the key.",
            security = {@SecurityRequirement(name = "apiKey"), @SecurityRequirement(name = "cashuToken")})
    @PostMapping("/refund")
    ResponseEntity<?> refund(
            @RequestHeader(name = AUTHORIZATION, required = false) Optional<String> authorization,
            @RequestHeader(name = X_CASHU, required = false) Optional<String> xCashu,
            @RequestBody(required = false) BalanceRequests.Refund body,
            HttpServletRequest request) {
        if ((authorization.isEmpty() || authorization.get().isBlank())
                && xCashu.filter(t -> !t.isBlank()).isPresent()) {
            return recoverChange(xCashu.get().strip(), request);
        }
        if (authorization.isEmpty() || authorization.get().isBlank()) {
            return BalanceErrors.missingAuthorization(request);
        }
        Optional<String> lightningAddress = Optional.ofNullable(body).map(BalanceRequests.Refund::lightningAddress);
        return switch (keys.resolve(authorization, false)) {
            case Resolution.Resolved resolved -> refundKey(resolved.key(), lightningAddress, request);
            case Resolution.Missing missing -> BalanceErrors.missingAuthorization(request);
            default -> BalanceErrors.keyNotFound(request);
        };
    }

    /**
     * Change lost in transit: the original {@code X-Cashu} token fetches it again (Routstr §3.3): 200 with the token
     * (also in the {@code X-Cashu} header), 425 while the request is still being served, 404 for an unknown token.
     */
    private ResponseEntity<?> recoverChange(String token, HttpServletRequest request) {
        return switch (ecashPayments.recoverChange(token)) {
            case Recovery.Found found ->
                ResponseEntity.ok()
                        .header(X_CASHU, found.token())
                        .body(BalanceResponses.Refunded.of(found.token(), null, found.amount(), found.unit()));
            case Recovery.Pending pending ->
                ResponseEntity.status(HttpStatus.TOO_EARLY)
                        .header("Retry-After", "2")
                        .body(BalanceErrors.plain(
                                        HttpStatus.TOO_EARLY,
                                        "Refund is pending; retry shortly.",
                                        "invalid_request_error",
                                        "refund_pending",
                                        request)
                                .getBody());
            case Recovery.NoChange none ->
                BalanceErrors.plain(
                        HttpStatus.GONE,
                        "No change remains for this payment",
                        "invalid_request_error",
                        "refund_gone",
                        request);
            case Recovery.NotFound notFound ->
                BalanceErrors.plain(
                        HttpStatus.NOT_FOUND, "Refund not found", "invalid_request_error", "refund_not_found", request);
        };
    }

    private ResponseEntity<?> refundKey(ApiKey key, Optional<String> lightningAddress, HttpServletRequest request) {
        return switch (refund.refund(new RefundBalanceCommand(key.id(), lightningAddress))) {
            case RefundOutcome.Refunded done ->
                ResponseEntity.ok(BalanceResponses.Refunded.of(
                        done.token().orElse(null),
                        done.recipient().orElse(null),
                        done.amount(),
                        key.refundTarget().unit(),
                        done.refundId().toString(),
                        RefundStatus.COMPLETED.wireName()));
            case RefundOutcome.RefundInProgress busy ->
                BalanceErrors.refundClaim(
                        HttpStatus.CONFLICT,
                        "A refund of this key is in progress; retry shortly to receive it.",
                        "refund_in_progress",
                        busy.refundId().toString(),
                        RefundStatus.OPEN.wireName(),
                        request);
            case RefundOutcome.RefundUnresolved unresolved ->
                BalanceErrors.refundClaim(
                        HttpStatus.CONFLICT,
                        "An earlier refund's outcome is being reconciled with the mint; the balance is held until then.",
                        "refund_unresolved",
                        unresolved.refundId().toString(),
                        RefundStatus.UNRESOLVED.wireName(),
                        request);
            case RefundOutcome.NothingToRefund nothing ->
                BalanceErrors.plain(
                        HttpStatus.BAD_REQUEST,
                        "No balance to refund",
                        "invalid_request_error",
                        "no_balance_to_refund",
                        request);
            case RefundOutcome.BalanceTooSmall small ->
                BalanceErrors.plain(
                        HttpStatus.BAD_REQUEST,
                        "Balance too small to refund",
                        "invalid_request_error",
                        "balance_too_small_to_refund",
                        request);
            case RefundOutcome.ChildKeyCannotRefund child ->
                BalanceErrors.plain(
                        HttpStatus.BAD_REQUEST,
                        "Cannot refund child key. Please refund the parent key instead.",
                        "invalid_request_error",
                        "child_key_refund",
                        request);
            case RefundOutcome.RequestsInFlight inFlight ->
                BalanceErrors.plain(
                        HttpStatus.BAD_REQUEST,
                        "Cannot refund key. There are ongoing requests for this api key.",
                        "invalid_request_error",
                        "refund_ongoing_requests",
                        request);
            case RefundOutcome.BalanceChanged changed ->
                BalanceErrors.plain(
                        HttpStatus.CONFLICT,
                        "Balance changed concurrently. Please retry the refund.",
                        "invalid_request_error",
                        "balance_changed",
                        request);
            case RefundOutcome.PayoutFailed failed ->
                failed.mintUnreachable()
                        ? BalanceErrors.plain(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "Mint service unavailable",
                                "mint_unreachable",
                                "cashu_mint_unreachable",
                                request)
                        : BalanceErrors.plain(
                                HttpStatus.INTERNAL_SERVER_ERROR,
                                "Refund failed",
                                "api_error",
                                "refund_failed",
                                request);
            case RefundOutcome.PayoutTemporarilyUnavailable busy ->
                // The mint's proofs are tied up by another payout in flight: nothing was paid, the balance is back.
                ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .header("Retry-After", "1")
                        .body(BalanceErrors.plain(
                                        HttpStatus.SERVICE_UNAVAILABLE,
                                        "Refund temporarily unavailable; retry shortly.",
                                        "api_error",
                                        "refund_temporarily_unavailable",
                                        request)
                                .getBody());
            case RefundOutcome.PayoutOutcomeUnknown unknown ->
                BalanceErrors.refundClaim(
                        HttpStatus.BAD_GATEWAY,
                        "The refund's outcome is unknown; the balance is held until it is reconciled.",
                        "refund_outcome_unknown",
                        unknown.refundId().toString(),
                        RefundStatus.UNRESOLVED.wireName(),
                        request);
            case RefundOutcome.UnknownKey unknown -> BalanceErrors.keyNotFound(request);
        };
    }

    @Operation(summary = "A key's money movements, newest first", security = @SecurityRequirement(name = "apiKey"))
    @GetMapping("/history")
    ResponseEntity<?> history(
            @RequestHeader(name = AUTHORIZATION, required = false) Optional<String> authorization,
            HttpServletRequest request) {
        return withKey(authorization, false, request, (key, secret) -> {
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

    @Operation(
            summary = "Create child keys",
            description = "Children spend the parent's balance within their own limits; each costs CHILD_KEY_COST.",
            security = @SecurityRequirement(name = "apiKey"))
    @PostMapping(path = "/child-key", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> createChildKeys(
            @RequestHeader(name = AUTHORIZATION, required = false) Optional<String> authorization,
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
        return withKey(authorization, false, request, (key, secret) -> switch (createChildren.create(
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
            @RequestHeader(name = AUTHORIZATION, required = false) Optional<String> authorization,
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
        return withKey(authorization, false, request, (key, secret) -> switch (resetChild.reset(key.id(), childHash)) {
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

    private ResponseEntity<?> withKey(
            Optional<String> authorization,
            boolean createFromToken,
            HttpServletRequest request,
            BiFunction<ApiKey, ApiKeySecret, ResponseEntity<?>> action) {
        if (authorization.isEmpty() || authorization.get().isBlank()) {
            return BalanceErrors.missingAuthorization(request);
        }
        return switch (keys.resolve(authorization, createFromToken)) {
            case Resolution.Resolved resolved -> action.apply(resolved.key(), resolved.secret());
            case Resolution.Missing missing -> BalanceErrors.missingAuthorization(request);
            case Resolution.InvalidKey invalid -> BalanceErrors.invalidAuthorization(request);
            case Resolution.TokenRejected rejected -> redemptionError(rejected.failure(), rejected.message(), request);
            case Resolution.TokenBusy busy -> busy(request);
        };
    }

    private static ResponseEntity<?> redemptionError(
            RedemptionFailure failure, String message, HttpServletRequest request) {
        return BalanceErrors.structured(
                RedemptionErrors.statusOf(failure), message, failure.type(), failure.code(), request);
    }

    private static ResponseEntity<?> busy(HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", "1")
                .body(BalanceErrors.structured(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "This token is being redeemed by another request; retry shortly.",
                                "mint_unreachable",
                                "cashu_token_redemption_in_progress",
                                request)
                        .getBody());
    }

    /** Routstr's top-up token check: control characters stripped, at least 10 characters, and a Cashu prefix. */
    static Optional<String> cleanToken(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        String token = presented.replaceAll("[\\n\\r\\t]", "").strip();
        if (token.length() < 10 || !token.contains("cashu") || token.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        return Optional.of(token);
    }
}

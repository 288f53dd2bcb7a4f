package io.routstr.gateway.rest.balance;

import io.routstr.gateway.application.port.in.key.RefundBalanceCommand;
import io.routstr.gateway.application.port.in.key.RefundBalanceUseCase;
import io.routstr.gateway.application.port.in.key.RefundOutcome;
import io.routstr.gateway.application.port.in.payment.PayPerRequestWithEcashUseCase;
import io.routstr.gateway.application.port.in.payment.PayPerRequestWithEcashUseCase.Recovery;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.refund.RefundStatus;
import io.routstr.gateway.rest.auth.BearerKeyResolver;
import io.routstr.gateway.rest.auth.BearerKeyResolver.Resolution;
import io.routstr.gateway.rest.support.XCashuHeader;
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

/**
 * Refunding a key's balance, and fetching again the change of an {@code X-Cashu} payment (Routstr reference §2.2, §3.3,
 * {@code /v1/balance/refund}).
 */
@BalanceApi
record RefundController(
        BearerKeyResolver keys,
        RefundBalanceUseCase refund,
        PayPerRequestWithEcashUseCase ecashPayments,
        XCashuHeader xCashu) {

    private static final String X_CASHU = XCashuHeader.NAME;

    @Operation(
            summary = "Refund a key's balance",
            description = "Pays the whole spendable balance back as a Cashu token, or over Lightning to the key's "
                    + "refund address. A sat mint pays whole sats; the sub-sat remainder stays on the key.",
            security = {@SecurityRequirement(name = "apiKey"), @SecurityRequirement(name = "cashuToken")})
    @PostMapping("/refund")
    ResponseEntity<?> refund(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) Optional<String> authorization,
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
     * whole in the body and, as {@link XCashuHeader} fits it, in the {@code X-Cashu} header (without its DLEQ proofs,
     * or not at all, when it is too long for the response headers: the body always carries it); 425 while the request
     * is still being served, 404 for an unknown token.
     */
    private ResponseEntity<?> recoverChange(String token, HttpServletRequest request) {
        return switch (ecashPayments.recoverChange(token)) {
            case Recovery.Found found -> {
                ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
                xCashu.fit(found.token()).header().ifPresent(header -> ok.header(X_CASHU, header));
                yield ok.body(BalanceResponses.Refunded.of(found.token(), null, found.amount(), found.unit()));
            }
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
}

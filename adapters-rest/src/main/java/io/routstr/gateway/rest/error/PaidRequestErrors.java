package io.routstr.gateway.rest.error;

import io.routstr.gateway.application.port.in.payment.FitTokenToHeaderUseCase.HeaderToken;
import io.routstr.gateway.application.port.in.proxy.ForwardOutcome;
import io.routstr.gateway.application.port.in.proxy.PaidRequestError;
import io.routstr.gateway.application.port.in.proxy.PaidRequestOutcome;
import io.routstr.gateway.application.port.in.proxy.PaidRequestOutcome.RefusalDetails;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.proxy.UpstreamError;
import io.routstr.gateway.rest.limits.RequestSizeErrors;
import io.routstr.gateway.rest.support.RequestIdFilter;
import io.routstr.gateway.rest.support.XCashuHeader;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The paid request's error catalogue on HTTP: the one place that gives each {@link PaidRequestError} its status, its
 * OpenAI error type and stable code, and its {@code Retry-After}. A token handed back to an {@code X-Cashu} client
 * travels in the {@code X-Cashu} header (Routstr §3.3) as {@link XCashuHeader} fits it, and in the body whenever the
 * header cannot carry it whole.
 */
@Component
public final class PaidRequestErrors {

    /** The request and response header of an {@code X-Cashu} payment and its change. */
    public static final String X_CASHU = XCashuHeader.NAME;

    /** Response header naming whose failure an error is (Routstr §17): {@code upstream} for the provider's. */
    public static final String ERROR_SCOPE = "X-Routstr-Error-Scope";

    private final XCashuHeader xCashu;

    public PaidRequestErrors(XCashuHeader xCashu) {
        this.xCashu = Objects.requireNonNull(xCashu, "xCashu");
    }

    /** The answer refusing a paid request. */
    public ResponseEntity<ApiError> refused(PaidRequestOutcome.Refused refused, HttpServletRequest request) {
        Wire wire = wireOf(refused.error());
        ResponseEntity.BodyBuilder builder =
                ResponseEntity.status(wire.status()).contentType(MediaType.APPLICATION_JSON);
        Optional<Long> retryAfter = refused.retryAfter().map(after -> Math.max(1, after.toSeconds()));
        if (retryAfter.isEmpty() && wire.status() == HttpStatus.TOO_MANY_REQUESTS) {
            // Routstr §7.3: a rate-limited answer always says when to retry.
            retryAfter = Optional.of(1L);
        }
        retryAfter.ifPresent(seconds -> builder.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
        if (refused.error() == PaidRequestError.BODY_TIMEOUT) {
            // The rest of the body is never read: the connection closes after this answer, as after the body-limit
            // filter's own 408.
            builder.header(HttpHeaders.CONNECTION, "close");
        }
        Optional<String> returned = refused.returnedToken();
        Optional<HeaderToken> fitted = returned.map(xCashu::fit);
        fitted.flatMap(HeaderToken::header).ifPresent(token -> builder.header(X_CASHU, token));
        // Whole in the body unless whole in the header: a header without the DLEQ proofs is the same money, but a
        // client may want the proofs, and a token that went in no header must come back somewhere.
        Optional<String> tooLong = returned.filter(token -> !(fitted.get() instanceof HeaderToken.AsIs));
        Map<String, Object> details = new LinkedHashMap<>();
        refused.details().map(PaidRequestErrors::detailsOf).ifPresent(details::putAll);
        tooLong.ifPresent(token -> details.put("refund_token", token));
        String message = refused.message()
                + switch (fitted.orElse(null)) {
                    case HeaderToken.WithoutDleq shorter ->
                        " The X-Cashu token handed back is too long for a response header with its DLEQ proofs: the"
                                + " header carries it without them, error.details.refund_token whole.";
                    case HeaderToken.TooLong none ->
                        " The X-Cashu token handed back is too long for a response header: it is in"
                                + " error.details.refund_token.";
                    case HeaderToken.AsIs whole -> "";
                    case null -> "";
                };
        return builder.body(new ApiError(
                new ApiError.Body(message, wire.type(), wire.code(), details.isEmpty() ? null : details),
                RequestIdFilter.idOf(request)));
    }

    /**
     * Every upstream tried failed: the upstream's refusal with its status, or Routstr's 424 {@code
     * UPSTREAM_UNAVAILABLE}, marked {@code X-Routstr-Error-Scope: upstream} (§17) so that clients fail over on it; a
     * token handed back is also named in the error as {@code refund_token}, as Routstr does.
     */
    public ResponseEntity<Map<String, Object>> upstreamFailed(
            PaidRequestOutcome.UpstreamFailed outcome, HttpServletRequest request) {
        ForwardOutcome.UpstreamFailed failed = outcome.failure();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", errorOf(failed.error(), outcome.returnedToken()));
        body.put("request_id", RequestIdFilter.idOf(request));
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(failed.status())
                .contentType(MediaType.APPLICATION_JSON)
                .header(ERROR_SCOPE, "upstream");
        if (failed.retryAfter().isPresent()) {
            builder.header(
                    HttpHeaders.RETRY_AFTER,
                    Long.toString(Math.max(1, failed.retryAfter().get().toSeconds())));
        } else if (failed.status() == 429) {
            // Routstr §7.3: a rate-limited answer always says when to retry.
            builder.header(HttpHeaders.RETRY_AFTER, "1");
        }
        // The token is named in the body as well (refund_token), so one too long for the headers is still handed back.
        outcome.returnedToken()
                .flatMap(token -> xCashu.fit(token).header())
                .ifPresent(token -> builder.header(X_CASHU, token));
        return builder.body(body);
    }

    /** Routstr's extra fields of a refusal, by their wire names. */
    private static Map<String, Object> detailsOf(RefusalDetails details) {
        Map<String, Object> fields = new LinkedHashMap<>();
        switch (details) {
            case RefusalDetails.TokenTooSmall small -> {
                fields.put("amount_required_msat", small.required().value());
                fields.put("token_value_msat", small.tokenValue().value());
                fields.put("model", small.model().value());
            }
            case RefusalDetails.RateLimit limit -> {
                fields.put("limit_name", limit.name());
                fields.put("limit", limit.value());
            }
        }
        return fields;
    }

    /** An upstream's error as OpenAI's error object, with Routstr's additions; a returned token as refund_token. */
    private static Map<String, Object> errorOf(UpstreamError error, Optional<String> returnedToken) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("message", error.message());
        fields.put("type", error.type());
        fields.put("code", error.code());
        error.upstreamStatus().ifPresent(status -> fields.put("upstream_status", status));
        error.upstreamContentType().ifPresent(type -> fields.put("upstream_content_type", type));
        error.upstreamBodyPreview().ifPresent(preview -> fields.put("upstream_body_preview", preview));
        error.retryAfterSeconds().ifPresent(seconds -> fields.put("details", Map.of("retry_after_seconds", seconds)));
        returnedToken.ifPresent(token -> fields.put("refund_token", token));
        return fields;
    }

    /** Status, type and code of each error. */
    static Wire wireOf(PaidRequestError error) {
        if (error.redemption().isPresent()) {
            RedemptionFailure failure = error.redemption().get();
            return new Wire(RedemptionErrors.statusOf(failure), failure.type(), failure.code());
        }
        return switch (error) {
            case MISSING_API_KEY -> new Wire(HttpStatus.UNAUTHORIZED, "invalid_request_error", "missing_api_key");
            case INVALID_API_KEY -> new Wire(HttpStatus.UNAUTHORIZED, "invalid_request_error", "invalid_api_key");
            case KEY_EXPIRED -> new Wire(HttpStatus.FORBIDDEN, "invalid_request_error", "key_expired");
            case CHILD_KEY_REFUND_FORBIDDEN ->
                new Wire(HttpStatus.FORBIDDEN, "invalid_request_error", "child_key_refund_forbidden");
            case INSUFFICIENT_BALANCE ->
                new Wire(HttpStatus.PAYMENT_REQUIRED, "insufficient_quota", "insufficient_balance");
            case BALANCE_LIMIT_EXCEEDED ->
                new Wire(HttpStatus.PAYMENT_REQUIRED, "insufficient_quota", "balance_limit_exceeded");
            case MINIMUM_BALANCE_REQUIRED ->
                new Wire(HttpStatus.PAYMENT_REQUIRED, "minimum_balance_required", "minimum_balance_required");
            case RATE_LIMITED -> new Wire(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_error", "rate_limit_exceeded");
            case BODY_TOO_LARGE ->
                new Wire(HttpStatus.PAYLOAD_TOO_LARGE, "invalid_request_error", RequestSizeErrors.BODY_TOO_LARGE);
            case BODY_TIMEOUT ->
                new Wire(HttpStatus.REQUEST_TIMEOUT, "invalid_request_error", RequestSizeErrors.BODY_TIMEOUT);
            case BODY_UNREADABLE, INVALID_REQUEST ->
                new Wire(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request");
            case INVALID_JSON -> new Wire(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_json");
            case MODEL_NOT_FOUND -> new Wire(HttpStatus.BAD_REQUEST, "invalid_model", "model_not_found");
            case INVALID_KEY_EXPIRY_TIME ->
                new Wire(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_key_expiry_time");
            case REFUND_LNURL_REQUIRED ->
                new Wire(HttpStatus.BAD_REQUEST, "invalid_request_error", "refund_lnurl_required");
            case INVALID_REFUND_LNURL ->
                new Wire(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_refund_lnurl");
            case PRICE_UNAVAILABLE ->
                new Wire(HttpStatus.SERVICE_UNAVAILABLE, "api_error", "exchange_rate_unavailable");
            case NODE_OVERLOADED -> new Wire(HttpStatus.SERVICE_UNAVAILABLE, "api_error", "node_overloaded");
            case TOKEN_BUSY ->
                new Wire(HttpStatus.SERVICE_UNAVAILABLE, "mint_unreachable", "cashu_token_redemption_in_progress");
            case UPSTREAM_REQUEST_FAILED ->
                new Wire(HttpStatus.BAD_GATEWAY, "upstream_error", "upstream_request_failed");
            case TOKEN_ALREADY_SPENT,
                    TOKEN_INVALID,
                    TOKEN_ZERO_VALUE,
                    TOKEN_FEES_EXCEED_AMOUNT,
                    TOKEN_UNTRUSTED_MINT,
                    TOKEN_WRONG_UNIT,
                    TOKEN_TOO_MANY_PROOFS,
                    TOKEN_MINT_MISMATCH,
                    MINT_UNREACHABLE,
                    MINT_RATE_LIMITED,
                    TOKEN_OUTCOME_UNKNOWN,
                    TOKEN_REDEMPTION_FAILED -> throw new IllegalStateException("a redemption failure: " + error);
        };
    }

    /** How one error looks on the wire. */
    record Wire(HttpStatus status, String type, String code) {}
}

package io.routstr.gateway.rest.balance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.routstr.gateway.rest.error.ApiError;
import io.routstr.gateway.rest.error.BillingErrors;
import io.routstr.gateway.rest.error.ErrorResponses;
import io.routstr.gateway.rest.support.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Builds the balance router's errors with Routstr's statuses, codes and literal messages (reference §3.5, §11). */
public final class BalanceErrors {

    private static final String AUTHORIZATION_REQUIRED =
            "Authorization header required: 'Bearer <cashu-token>' or 'Bearer <api-key>'";
    private static final String KEY_NOT_FOUND =
            "Key not found. Deposit first via /v1/wallet/create before requesting a refund.";

    private BalanceErrors() {}

    /** An error whose {@code detail} is the error object, as Routstr's dict-detail HTTPExceptions render. */
    public static ResponseEntity<BalanceApiError> structured(
            HttpStatus status, String message, String type, String code, HttpServletRequest request) {
        ApiError.Body body = new ApiError.Body(message, type, code, null);
        return ErrorResponses.json(
                status, new BalanceApiError(Map.of("error", body), body, RequestIdFilter.idOf(request)));
    }

    /**
     * An error whose {@code detail} is the bare message, for the texts clients compare literally
     * ({@code "No balance to refund"}), with the structured error beside it for the newer clients.
     */
    public static ResponseEntity<BalanceApiError> plain(
            HttpStatus status, String message, String type, String code, HttpServletRequest request) {
        ApiError.Body body = new ApiError.Body(message, type, code, null);
        return ErrorResponses.json(status, new BalanceApiError(message, body, RequestIdFilter.idOf(request)));
    }

    /**
     * An error about a refund claim: the plain error with the claim's {@code refund_id} and {@code status} beside it
     * (reference §17), so a client can tell one refund from another.
     */
    static ResponseEntity<RefundClaimError> refundClaim(
            HttpStatus status,
            String message,
            String code,
            String refundId,
            String claimStatus,
            HttpServletRequest request) {
        ApiError.Body body = new ApiError.Body(message, "invalid_request_error", code, null);
        return ErrorResponses.json(
                status, new RefundClaimError(message, body, refundId, claimStatus, RequestIdFilter.idOf(request)));
    }

    /** {@link BalanceApiError} with the refund claim it is about. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RefundClaimError(
            Object detail,
            ApiError.Body error,
            @JsonProperty("refund_id") String refundId,
            String status,
            @JsonProperty("request_id") String requestId) {}

    public static ResponseEntity<BalanceApiError> missingAuthorization(HttpServletRequest request) {
        // Routstr (FastAPI) answers a missing Authorization header on these routes with 422.
        return invalidRequest(HttpStatus.UNPROCESSABLE_ENTITY, AUTHORIZATION_REQUIRED, "missing_api_key", request);
    }

    public static ResponseEntity<BalanceApiError> invalidAuthorization(HttpServletRequest request) {
        return invalidRequest(
                HttpStatus.UNAUTHORIZED, BillingErrors.INVALID_API_KEY_FORMAT, "invalid_api_key", request);
    }

    public static ResponseEntity<BalanceApiError> keyNotFound(HttpServletRequest request) {
        return invalidRequest(HttpStatus.UNAUTHORIZED, KEY_NOT_FOUND, "key_not_found", request);
    }

    private static ResponseEntity<BalanceApiError> invalidRequest(
            HttpStatus status, String message, String code, HttpServletRequest request) {
        return structured(status, message, "invalid_request_error", code, request);
    }
}

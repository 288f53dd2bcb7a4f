package io.routstr.gateway.rest.limits;

import io.routstr.gateway.rest.error.ApiError;
import io.routstr.gateway.rest.error.ErrorResponses;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The OpenAI-shaped answers to requests that are too large, with stable codes. */
public final class RequestSizeErrors {

    public static final String BODY_TOO_LARGE = "request_too_large";
    public static final String HEADERS_TOO_LARGE = "request_header_too_large";
    public static final String BODY_TIMEOUT = "request_body_timeout";

    private RequestSizeErrors() {}

    /** 413: the body is over {@code limit} bytes. */
    public static ResponseEntity<ApiError> bodyTooLarge(long limit, HttpServletRequest request) {
        return ErrorResponses.of(
                HttpStatus.PAYLOAD_TOO_LARGE,
                "Request body too large: at most " + limit + " bytes are accepted.",
                "invalid_request_error",
                BODY_TOO_LARGE,
                request);
    }

    /** 408: the body did not arrive within the body timeout ({@code REQUEST_BODY_TIMEOUT_SECONDS}). */
    public static ResponseEntity<ApiError> bodyTimedOut(HttpServletRequest request) {
        return ErrorResponses.of(
                HttpStatus.REQUEST_TIMEOUT,
                "Request body not received in time.",
                "invalid_request_error",
                BODY_TIMEOUT,
                request);
    }

    /** 431: the request line and headers are over what the server reads. */
    public static ResponseEntity<ApiError> headersTooLarge(HttpServletRequest request) {
        return ErrorResponses.of(
                HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                "Request headers too large.",
                "invalid_request_error",
                HEADERS_TOO_LARGE,
                request);
    }
}

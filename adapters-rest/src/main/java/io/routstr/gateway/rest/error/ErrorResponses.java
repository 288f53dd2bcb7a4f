package io.routstr.gateway.rest.error;

import io.routstr.gateway.rest.support.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Builds OpenAI-shaped error responses. */
public final class ErrorResponses {

    private ErrorResponses() {}

    public static ResponseEntity<ApiError> of(
            HttpStatus status, String message, String type, String code, HttpServletRequest request) {
        return json(status, ApiError.of(message, type, code, RequestIdFilter.idOf(request)));
    }

    /** {@code body} as JSON with {@code status}: how every error envelope of this adapter goes out. */
    public static <T> ResponseEntity<T> json(HttpStatus status, T body) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }
}

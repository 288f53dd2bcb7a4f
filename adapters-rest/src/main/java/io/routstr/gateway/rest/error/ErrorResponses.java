package io.routstr.gateway.rest.error;

import io.routstr.gateway.rest.support.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Builds OpenAI-shaped error responses. */
public final class ErrorResponses {

    /**
     * The code a request gets while the node cannot reach its database, whether it waited for a connection (the REST
     * advice) or was shed at the door before it tried; a restart takes seconds, hence its wait.
     */
    public static final String DATABASE_UNAVAILABLE = "database_unavailable";

    /** How long a request answered {@link #DATABASE_UNAVAILABLE} is told to wait ({@code Retry-After}). */
    public static final int DATABASE_UNAVAILABLE_RETRY_SECONDS = 5;

    /** The message of a {@link #DATABASE_UNAVAILABLE} answer. */
    public static final String DATABASE_UNAVAILABLE_MESSAGE =
            "The node cannot reach its database; retry after " + DATABASE_UNAVAILABLE_RETRY_SECONDS + " s";

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

package io.routstr.gateway.rest.error;

import io.routstr.gateway.rest.limits.RequestBodyTimeoutException;
import io.routstr.gateway.rest.limits.RequestBodyTooLargeException;
import io.routstr.gateway.rest.limits.RequestSizeErrors;
import io.routstr.gateway.rest.support.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps every failure to an OpenAI-shaped JSON error with a stable code; a client never sees a stack trace.
 * Business outcomes are mapped by their controllers; this advice handles malformed requests and faults.
 */
@RestControllerAdvice
class OpenAiErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(OpenAiErrorAdvice.class);

    /** How the pool (Hikari) answers a use of a connection it has closed. */
    private static final String CLOSED = "Connection is closed";

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ApiError> notFound(NoResourceFoundException e, HttpServletRequest request) {
        return ErrorResponses.of(
                HttpStatus.NOT_FOUND,
                "Path '" + request.getRequestURI() + "' not found",
                "not_found",
                "not_found",
                request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        var tooLarge = RequestBodyTooLargeException.in(e);
        if (tooLarge.isPresent()) {
            return RequestSizeErrors.bodyTooLarge(tooLarge.get().limit(), request);
        }
        if (RequestBodyTimeoutException.in(e)) {
            return RequestSizeErrors.bodyTimedOut(request);
        }
        return ErrorResponses.of(
                HttpStatus.BAD_REQUEST,
                "The request body is not valid JSON",
                "invalid_request_error",
                "invalid_json",
                request);
    }

    @ExceptionHandler({
        MethodArgumentNotValidException.class,
        MissingServletRequestParameterException.class,
        MethodArgumentTypeMismatchException.class,
        IllegalArgumentException.class
    })
    ResponseEntity<ApiError> invalid(Exception e, HttpServletRequest request) {
        String message = switch (e) {
            case MethodArgumentNotValidException invalid ->
                invalid.getBindingResult().getFieldErrors().stream()
                        .map(f -> f.getField() + ": " + f.getDefaultMessage())
                        .findFirst()
                        .orElse("Invalid request");
            case MissingServletRequestParameterException missing ->
                "Missing parameter '" + missing.getParameterName() + "'";
            case MethodArgumentTypeMismatchException mismatch -> "Invalid value for '" + mismatch.getName() + "'";
            default -> {
                // An exception's own message can name internals (classes, paths, values a secret was parsed from):
                // it stays in the server log, the client gets the stable code.
                log.warn(
                        "Invalid request on {} {}: {}",
                        request.getMethod(),
                        request.getRequestURI(),
                        e.getClass().getSimpleName());
                log.debug("Invalid request detail", e);
                yield "Invalid request";
            }
        };
        return ErrorResponses.of(HttpStatus.BAD_REQUEST, message, "invalid_request_error", "invalid_request", request);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ApiError> missingHeader(MissingRequestHeaderException e, HttpServletRequest request) {
        return ErrorResponses.of(
                HttpStatus.UNAUTHORIZED,
                "Missing header '" + e.getHeaderName() + "'",
                "invalid_request_error",
                "missing_api_key",
                request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return ErrorResponses.of(
                HttpStatus.METHOD_NOT_ALLOWED,
                "Method " + e.getMethod() + " is not allowed on '" + request.getRequestURI() + "'",
                "invalid_request_error",
                "method_not_allowed",
                request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return ErrorResponses.of(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Send the body as application/json",
                "invalid_request_error",
                "unsupported_media_type",
                request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> fault(Exception e, HttpServletRequest request) {
        SQLTransientConnectionException waitRanOut = waitForADatabaseConnectionThatRanOut(e);
        if (waitRanOut != null && waitRanOut.getCause() == null) {
            // Overload, not a fault: the pool's short wait (DATABASE_POOL_TIMEOUT_MS) ran out before any work was done
            // in the database, so the client may simply come back.
            log.warn("Database pool exhausted on {} {}", request.getMethod(), request.getRequestURI());
            return databaseBusy(request);
        }
        String conflict = conflictThatRolledBack(e);
        if (conflict != null) {
            // PostgreSQL rolled the statement's transaction back for a deadlock or a serialization conflict (SQLSTATE
            // class 40): nothing it did holds, and the same request may well go through a moment later.
            log.warn(
                    "Database conflict (SQLSTATE {}) on {} {}", conflict, request.getMethod(), request.getRequestURI());
            return databaseBusy(request);
        }
        if (waitRanOut != null || lostTheDatabaseConnection(e)) {
            // The pool names why it last failed to open a connection, or a connection in use broke: the database is
            // down or restarting. What the request had begun is settled by the sweeps once it is back.
            log.warn("Database unreachable on {} {}", request.getMethod(), request.getRequestURI());
            // A restart takes seconds: a client told to come back at once would only be refused again.
            return serviceUnavailable(
                    ErrorResponses.DATABASE_UNAVAILABLE_MESSAGE,
                    ErrorResponses.DATABASE_UNAVAILABLE,
                    ErrorResponses.DATABASE_UNAVAILABLE_RETRY_SECONDS,
                    request);
        }
        log.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return ErrorResponses.of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Internal server error, please contact support with the request ID.",
                "api_error",
                "internal_error",
                request);
    }

    /** The database could not take the request right now (pool wait, rolled-back conflict): it may come back at once. */
    private static ResponseEntity<ApiError> databaseBusy(HttpServletRequest request) {
        return serviceUnavailable("The node is busy; retry after 1 s", "database_busy", 1, request);
    }

    private static ResponseEntity<ApiError> serviceUnavailable(
            String message, String code, int retryAfterSeconds, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds))
                .contentType(MediaType.APPLICATION_JSON)
                .body(ApiError.of(message, "api_error", code, RequestIdFilter.idOf(request)));
    }

    /**
     * A connection exception (SQLSTATE class 08) anywhere in the chain: the connection broke or could not be made. Or
     * the pool's own answer for a connection it has closed under its user, which has no SQLSTATE: it closes one when
     * the driver reported it broken, and the rollback that follows then fails with it in place of the first failure.
     */
    private static boolean lostTheDatabaseConnection(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && connectionLost(sql)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The SQLSTATE of a transaction PostgreSQL rolled back for a deadlock or a serialization failure (class 40), or
     * null.
     */
    private static String conflictThatRolledBack(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("40")) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static boolean connectionLost(SQLException sql) {
        String state = sql.getSQLState();
        return state == null ? String.valueOf(sql.getMessage()).startsWith(CLOSED) : state.startsWith("08");
    }

    /**
     * The pool answers a wait that ran out with {@link SQLTransientConnectionException}, wrapped by the persistence;
     * its cause, when it has one, is why the pool last failed to open a connection.
     */
    private static SQLTransientConnectionException waitForADatabaseConnectionThatRanOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException waitRanOut) {
                return waitRanOut;
            }
        }
        return null;
    }
}

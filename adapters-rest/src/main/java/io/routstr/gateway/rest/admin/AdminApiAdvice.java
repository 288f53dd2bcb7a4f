package io.routstr.gateway.rest.admin;

import io.routstr.gateway.rest.error.ApiError;
import io.routstr.gateway.rest.error.ErrorResponses;
import jakarta.servlet.http.HttpServletRequest;
import java.time.DateTimeException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Bad input on the admin API: 400 with the validation's own sentence, which only the authenticated operator sees and
 * which names fields, never values of secrets.
 */
@RestControllerAdvice(
        assignableTypes = {
            AdminAccessController.class,
            AdminKeysController.class,
            AdminProvidersController.class,
            AdminWalletController.class
        })
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdminApiAdvice {

    // A number or date in the body that does not fit (Math.toIntExact, Instant.ofEpochSecond) is bad input too.
    @ExceptionHandler({IllegalArgumentException.class, ArithmeticException.class, DateTimeException.class})
    ResponseEntity<ApiError> invalid(RuntimeException e, HttpServletRequest request) {
        String message = e.getMessage() == null || e.getMessage().length() > 200 ? "Invalid request" : e.getMessage();
        return ErrorResponses.of(HttpStatus.BAD_REQUEST, message, "invalid_request_error", "invalid_request", request);
    }
}

package io.routstr.gateway.rest.error;

import io.routstr.gateway.rest.limits.RequestSizeErrors;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (a filter, the servlet container) end up here: same OpenAI-shaped body, never a
 * whitelabel page or a stack trace.
 */
@RestController
class OpenAiErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ApiError> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer i ? HttpStatus.resolve(i) : null;
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        if (status == HttpStatus.REQUEST_TIMEOUT) {
            // The container's own upload timeout (set to REQUEST_BODY_TIMEOUT_SECONDS) can end a stalled body before
            // the body-limit filter notices: the client gets the same answer either way.
            return RequestSizeErrors.bodyTimedOut(request);
        }
        String type = status.is4xxClientError() ? "invalid_request_error" : "api_error";
        String stableCode = status == HttpStatus.NOT_FOUND
                ? "not_found"
                : status.is4xxClientError() ? "invalid_request" : "internal_error";
        return ErrorResponses.of(status, status.getReasonPhrase(), type, stableCode, request);
    }
}

package io.routstr.gateway.bootstrap.web;

import io.routstr.gateway.rest.support.RequestIdFilter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error page for requests it refuses before the application sees them (a malformed request line, headers over
 * {@code server.max-http-request-header-size}): the node's OpenAI-shaped JSON error ({@link ContainerError}) instead of
 * Jetty's HTML page, as {@link JsonErrorReportValve} writes it under Tomcat. Set on the server, so it answers what
 * Jetty's parser refuses; errors inside the servlet context still go to Spring's error controller.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        ContainerError error = errorFor(response.getStatus(), headerLimit(request));
        if (HttpStatus.hasNoBody(error.status())) {
            callback.succeeded();
            return true;
        }
        String requestId = RequestIdFilter.newId();
        response.setStatus(error.status());
        response.getHeaders().put("x-routstr-request-id", requestId);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        response.write(true, ByteBuffer.wrap(error.json(requestId).getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /**
     * The answer to a request Jetty refused with {@code status}. Jetty refuses a request line longer than the header
     * limit with 414 and headers over it with 431; Tomcat counts both against one limit and refuses both the same way,
     * so both are 431 {@code request_header_too_large} here, and a client learns the same from either container.
     */
    static ContainerError errorFor(int status, OptionalInt headerLimit) {
        if (status == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 || status == HttpStatus.URI_TOO_LONG_414) {
            return ContainerError.headersTooLarge(headerLimit);
        }
        return ContainerError.forStatus(status);
    }

    private static OptionalInt headerLimit(Request request) {
        HttpConfiguration http = request.getConnectionMetaData().getHttpConfiguration();
        return http == null ? OptionalInt.empty() : OptionalInt.of(http.getRequestHeaderSize());
    }
}

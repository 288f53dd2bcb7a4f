package io.routstr.gateway.bootstrap.web;

import io.routstr.gateway.rest.support.RequestIdFilter;
import java.io.IOException;
import java.io.Writer;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.coyote.http11.Http11InputBuffer;
import org.apache.tomcat.util.res.StringManager;

/**
 * Tomcat's error report for requests it refuses before the application sees them (a malformed request line, headers
 * over {@code server.max-http-request-header-size}): the node's OpenAI-shaped JSON error ({@link ContainerError})
 * instead of Tomcat's HTML page, and 431 rather than 400 when the headers were too large (RFC 6585), so a client with a
 * large Cashu token in a header learns why.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    /** Tomcat's own message for headers over its limit, in the locale it uses for it. */
    private static final String HEADERS_TOO_LARGE =
            StringManager.getManager(Http11InputBuffer.class).getString("iib.requestheadertoolarge.error");

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // As Tomcat's valve: nothing for a success, an answer already written, or an error already reported.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ContainerError error = status == 400 && isHeadersTooLarge(throwable)
                ? ContainerError.headersTooLarge(headerLimit(request))
                : ContainerError.forStatus(status);
        response.setStatus(error.status());
        String requestId = RequestIdFilter.newId();
        String body = error.json(requestId);
        try {
            response.setHeader("x-routstr-request-id", requestId);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response cannot take a body: nothing more to tell it.
        }
    }

    /** The request line and headers' limit of the connector that refused the request. */
    private static OptionalInt headerLimit(Request request) {
        return request.getConnector() != null
                        && request.getConnector().getProtocolHandler() instanceof AbstractHttp11Protocol<?> http11
                ? OptionalInt.of(http11.getMaxHttpRequestHeaderSize())
                : OptionalInt.empty();
    }

    private static boolean isHeadersTooLarge(Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IllegalArgumentException && HEADERS_TOO_LARGE.equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }
}

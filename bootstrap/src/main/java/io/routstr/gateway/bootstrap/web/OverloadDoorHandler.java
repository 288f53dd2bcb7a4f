package io.routstr.gateway.bootstrap.web;

import io.routstr.gateway.rest.limits.OverloadDoor;
import io.routstr.gateway.rest.support.RequestIdFilter;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's door: a new request the node sheds at once ({@link OverloadDoor}) is answered here, in front of the servlet
 * context, with the same 503 {@code node_overloaded}, {@code Retry-After} and {@code x-routstr-request-id} as the
 * servlet filter would write. In a flood at twice capacity the node sheds tens of thousands of requests a second;
 * through the servlet context each went through the servlet request's set-up, the request-id and observation filters
 * and Jackson's writer before its answer: 27-34 µs of the node's CPU each, 20-25 µs here (scripts/bench/shed.sh;
 * docs/benchmarks.md, session 34). What reaches
 * the servlet context is unchanged: the filter still bounds the requests in flight and asks the door again.
 *
 * <p>A request shed here is counted by the signal that shed it ({@code routstr_overload_shed_total}); it is not in
 * {@code http_server_requests_seconds}, which the servlet context's observation filter records.
 */
final class OverloadDoorHandler extends Handler.Wrapper {

    private static final String JSON = "application/json";

    private final OverloadDoor door;
    private final String contextPath;

    OverloadDoorHandler(OverloadDoor door, String contextPath) {
        this.door = door;
        this.contextPath = contextPath == null ? "" : contextPath;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        if (path != null
                && path.startsWith(contextPath)
                && door.shedsAtOnce(request.getMethod(), path.substring(contextPath.length()))) {
            String requestId = UUID.randomUUID().toString();
            byte[] answer = door.answer(requestId);
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
            HttpFields.Mutable headers = response.getHeaders();
            headers.put(HttpHeader.RETRY_AFTER, OverloadDoor.RETRY_AFTER_SECONDS);
            headers.put(RequestIdFilter.HEADER, requestId);
            headers.put(HttpHeader.CONTENT_TYPE, JSON);
            headers.put(HttpHeader.CONTENT_LENGTH, answer.length);
            response.write(true, ByteBuffer.wrap(answer), callback);
            return true;
        }
        return super.handle(request, response, callback);
    }
}

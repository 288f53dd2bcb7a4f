package io.routstr.gateway.rest.limits;

import java.io.IOException;

/**
 * Thrown by a request body stream read after {@link RequestLimits#bodyTimeout()} has passed: a client trickling its
 * body gets no more of the node's time. The request is answered 408 {@code request_body_timeout}.
 */
public class RequestBodyTimeoutException extends IOException {

    private static final long serialVersionUID = 1L;

    public RequestBodyTimeoutException() {
        super("request body not received in time");
    }

    /** Whether {@code failure} or one of its causes is this timeout (Spring wraps it when a converter reads the body). */
    public static boolean in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyTimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}

package io.routstr.gateway.rest.limits;

import java.io.IOException;
import java.util.Optional;

/**
 * Thrown by a request body stream as soon as the body grows past {@link RequestLimits#maxBodyBytes()}: reading stops
 * there, so a body without a declared length cannot make the node buffer more than the limit.
 */
public class RequestBodyTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long limit;

    public RequestBodyTooLargeException(long limit) {
        super("request body over " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** The size error in {@code failure}'s causes, if it has one (Spring wraps it when a converter reads the body). */
    public static Optional<RequestBodyTooLargeException> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyTooLargeException tooLarge) {
                return Optional.of(tooLarge);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}

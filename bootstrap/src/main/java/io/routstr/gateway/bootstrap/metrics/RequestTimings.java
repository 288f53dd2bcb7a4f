package io.routstr.gateway.bootstrap.metrics;

import io.routstr.gateway.domain.provider.ModelRoute;
import java.util.Optional;

/**
 * What the upstream decorator learns about the request the forwarding decorator is timing: the time spent waiting on
 * upstreams, how many were tried and which one served last. Forwarding calls the upstream port and reads its streams on
 * the request's own thread, so a thread-local joins the two decorators without the application passing anything on.
 */
final class RequestTimings {

    private static final ThreadLocal<RequestTimings> CURRENT = new ThreadLocal<>();

    private long upstreamNanos;
    private int attempts;
    private ModelRoute lastRoute;

    private RequestTimings() {}

    /** Starts collecting for the request on this thread; {@link #finish()} must follow in a {@code finally}. */
    static RequestTimings start() {
        RequestTimings timings = new RequestTimings();
        CURRENT.set(timings);
        return timings;
    }

    static Optional<RequestTimings> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    void finish() {
        CURRENT.remove();
    }

    void attempted(ModelRoute route) {
        attempts++;
        lastRoute = route;
    }

    void waitedOnUpstream(long nanos) {
        upstreamNanos += nanos;
    }

    long upstreamNanos() {
        return upstreamNanos;
    }

    int attempts() {
        return attempts;
    }

    Optional<ModelRoute> lastRoute() {
        return Optional.ofNullable(lastRoute);
    }
}

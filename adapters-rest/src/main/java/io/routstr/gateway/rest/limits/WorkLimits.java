package io.routstr.gateway.rest.limits;

import java.time.Duration;

/**
 * How much new work the node does at once: at most {@code maxWorking} paid requests between their arrival and their
 * hold ({@code MAX_WORKING_REQUESTS}), a newcomer waiting at most {@code queueTimeout} ({@code WORK_QUEUE_TIMEOUT_MS})
 * for a turn before it is answered 503 {@code node_overloaded}. By Little's law the bound is the node's rate times the
 * time one request's work takes: about 630 requests a second times a few milliseconds on a 2-core host. Turns go to
 * the newest waiter ({@link BoundedWork}), so the wait bounds how long a burst may take to get in rather than what an
 * admitted request waits under overload.
 */
public record WorkLimits(int maxWorking, Duration queueTimeout) {

    public WorkLimits {
        if (maxWorking < 1) {
            throw new IllegalArgumentException("MAX_WORKING_REQUESTS is at least 1");
        }
        if (queueTimeout.isNegative()) {
            throw new IllegalArgumentException("WORK_QUEUE_TIMEOUT_MS is not negative");
        }
    }
}

package io.routstr.gateway.rest.limits;

import java.time.Duration;

/**
 * How much new work the node does at once: at most {@code maxWorking} paid requests between their arrival and their
 * hold ({@code MAX_WORKING_REQUESTS}), a newcomer waiting at most {@code queueTimeout} ({@code WORK_QUEUE_TIMEOUT_MS})
 * for a turn before it is answered 503 {@code node_overloaded}. By Little's law the bound is the node's rate times the
 * time one request's work takes: about 630 requests a second times a few milliseconds on a 2-core host. Turns go to
 * waiters in arrival order, and to the newest while the queue is judged overloaded ({@link BoundedWork}).
 *
 * <p>The queue is judged overloaded, CoDel's way, once it has stood for an {@code interval}
 * ({@code WORK_QUEUE_INTERVAL_MS}) and then kept growing: over two whole intervals in a row at least half as many again
 * joined it as it let in, or over three a tenth more; from then on, until an interval in which less than a tenth more
 * joined and whose rate of letting in would drain the queue within {@code queueTimeout}, or an interval without any
 * newcomer or turn given back while the cores were not stalled, turns go to the newest waiter and a waiter is shed
 * once it has waited {@code overloadedTimeout} ({@code WORK_QUEUE_OVERLOAD_TIMEOUT_MS}). A zero interval never judges
 * it overloaded: turns then always go in arrival order.
 *
 * <p>A queue that does not grow is overloaded too when it makes every request wait: over two whole intervals in a row
 * each waiter let in had waited at least {@code standingWait} ({@code WORK_QUEUE_STANDING_WAIT_MS}) while at least
 * nine tenths as many joined as were let in (thousands of keep-alive clients, each sending again as it is answered,
 * keep such a queue standing seconds long without growing). Zero turns this rule off.
 *
 * <p>Once the queue keeps only its capacity of waiters (a flood: {@link BoundedWork}), a waiter is shed once it has
 * waited {@code floodTimeout} ({@code WORK_QUEUE_FLOOD_TIMEOUT_MS}, at most {@code overloadedTimeout}).
 */
public record WorkLimits(
        int maxWorking,
        Duration queueTimeout,
        Duration interval,
        Duration overloadedTimeout,
        Duration standingWait,
        Duration floodTimeout) {

    public WorkLimits {
        if (maxWorking < 1) {
            throw new IllegalArgumentException("MAX_WORKING_REQUESTS is at least 1");
        }
        if (queueTimeout.isNegative()) {
            throw new IllegalArgumentException("WORK_QUEUE_TIMEOUT_MS is not negative");
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException("WORK_QUEUE_INTERVAL_MS is not negative");
        }
        if (standingWait.isNegative()) {
            throw new IllegalArgumentException("WORK_QUEUE_STANDING_WAIT_MS is not negative");
        }
        if (overloadedTimeout.isNegative()) {
            throw new IllegalArgumentException("WORK_QUEUE_OVERLOAD_TIMEOUT_MS is not negative");
        }
        if (floodTimeout.isNegative()) {
            throw new IllegalArgumentException("WORK_QUEUE_FLOOD_TIMEOUT_MS is not negative");
        }
        // Overloaded, a waiter never waits longer than it may otherwise; in a flood, never longer than overloaded.
        if (overloadedTimeout.compareTo(queueTimeout) > 0) {
            overloadedTimeout = queueTimeout;
        }
        if (floodTimeout.compareTo(overloadedTimeout) > 0) {
            floodTimeout = overloadedTimeout;
        }
    }

    /** A queue with no shorter wait in a flood than in any overload. */
    public WorkLimits(
            int maxWorking,
            Duration queueTimeout,
            Duration interval,
            Duration overloadedTimeout,
            Duration standingWait) {
        this(maxWorking, queueTimeout, interval, overloadedTimeout, standingWait, overloadedTimeout);
    }

    /** A queue judged by its growth alone: a standing queue that does not grow is not an overload. */
    public WorkLimits(int maxWorking, Duration queueTimeout, Duration interval, Duration overloadedTimeout) {
        this(maxWorking, queueTimeout, interval, overloadedTimeout, Duration.ZERO);
    }

    /** A queue that is never judged overloaded: turns in arrival order, every waiter may wait {@code queueTimeout}. */
    public WorkLimits(int maxWorking, Duration queueTimeout) {
        this(maxWorking, queueTimeout, Duration.ZERO, queueTimeout);
    }

    boolean judgesOverload() {
        return !interval.isZero();
    }

    boolean judgesStandingWaits() {
        return !standingWait.isZero();
    }
}

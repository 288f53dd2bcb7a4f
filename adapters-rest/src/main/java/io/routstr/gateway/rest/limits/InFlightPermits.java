package io.routstr.gateway.rest.limits;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The permits of the requests in flight ({@link InFlightLimits#maxConcurrent()}): a request takes one before anything
 * of it is read, waiting at most {@link InFlightLimits#queueTimeout()} (if no more than {@link #MAX_WAITING} others
 * are waiting for one), and gives it back when it is answered. Taken by {@link InFlightLimitFilter} in the servlet
 * chain, or, for a paid request under Jetty, by the node's door before the servlet context (which then queues the
 * request for its turn at work without a thread).
 */
public final class InFlightPermits {

    /**
     * Requests that may wait for a permit at once; beyond them a newcomer is shed at once. Each timed waiter that gives
     * up walks the semaphore's queue to unlink itself, so thousands of them cost the node in proportion to their
     * square: in a flood at twice capacity that walk took 11-14 % of the node's CPU samples (docs/benchmarks.md,
     * session 30). At a few thousand answers a second, a queue timeout of 100 ms frees a few hundred permits: more
     * waiters than that would be shed after their wait anyway.
     */
    static final int MAX_WAITING = 256;

    private final InFlightLimits limits;
    private final Semaphore permits;
    private final LongAdder shedWithoutPermit = new LongAdder();
    private final AtomicInteger waiting = new AtomicInteger();

    public InFlightPermits(InFlightLimits limits) {
        this.limits = limits;
        this.permits = new Semaphore(limits.maxConcurrent());
    }

    /**
     * Takes a permit, waiting at most the queue timeout; false (and counted in {@link #shedWithoutPermit()}) when none
     * came, and the request is then shed.
     */
    public boolean acquire() {
        if (permits.tryAcquire() || acquireWithinTheQueueTimeout()) {
            return true;
        }
        shedWithoutPermit.increment();
        return false;
    }

    /** Gives a permit back: once for each {@link #acquire()} that returned true. */
    public void release() {
        permits.release();
    }

    /** Requests in flight now; exported as a gauge. */
    public int inFlight() {
        return limits.maxConcurrent() - permits.availablePermits();
    }

    /** Requests shed so far because no permit came free within the queue timeout; exported beside the other sheds. */
    public long shedWithoutPermit() {
        return shedWithoutPermit.sum();
    }

    /** Requests waiting for a permit now, at most {@link #MAX_WAITING}. */
    int waiting() {
        return waiting.get();
    }

    private boolean acquireWithinTheQueueTimeout() {
        if (limits.queueTimeout().isZero()) {
            return false;
        }
        if (waiting.incrementAndGet() > MAX_WAITING) {
            waiting.decrementAndGet();
            return false;
        }
        try {
            return permits.tryAcquire(limits.queueTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiting.decrementAndGet();
        }
    }
}

package io.routstr.gateway.upstream.http;

import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.CyclicTimeouts;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The deadlines of the callers' waits on upstream exchanges (the wait for the response headers, each wait for more of
 * the body), kept by one Jetty {@link CyclicTimeouts} on the client's scheduler instead of by timed parks.
 *
 * <p>Why: a virtual thread's timed park gives its timeout to the JDK's delay scheduler, whose thread is woken for every
 * timed park and again for its cancellation. On the paid path that was every request's first-byte wait and its wait
 * for the exchange's end: the delay scheduler's thread and the carriers' scheduling and cancelling of its tasks took
 * about 7 % of the node's CPU samples at one connection and more at 64 (docs/benchmarks.md, "Timed parks on the paid
 * path"), and put one more thread wake-up beside each request on two cores. Here a deadline is a member of a set;
 * the scheduler is asked for a wake-up only when a deadline comes before every one already pending, and a wait that
 * ends in time just leaves the set. The waiting thread parks without a timeout and is woken by its answer or by its
 * deadline's action, whichever comes first; a deadline fires late by the scheduler's precision at most (a few ms).
 */
final class WaitDeadlines extends CyclicTimeouts<WaitDeadlines.Deadline> {

    private final Set<Deadline> pending = ConcurrentHashMap.newKeySet();

    WaitDeadlines(Scheduler scheduler) {
        super(scheduler);
    }

    /**
     * Runs {@code onExpiry} at {@code expireNanoTime} ({@link System#nanoTime()}'s clock) unless the deadline is
     * cancelled first. The action may still run once after a cancellation that races it, so it must be harmless
     * then: completing a future already completed, waking a reader that looks again.
     */
    Deadline start(long expireNanoTime, Runnable onExpiry) {
        Deadline deadline = new Deadline(expireNanoTime, onExpiry);
        pending.add(deadline);
        schedule(deadline);
        return deadline;
    }

    /** How many deadlines are pending: none once every wait has ended. */
    int pending() {
        return pending.size();
    }

    @Override
    protected Iterator<Deadline> iterator() {
        return pending.iterator();
    }

    @Override
    protected boolean onExpired(Deadline deadline) {
        // Out of the set before its action runs: the thread the action wakes finds its deadline gone. Left to the
        // iterator (returning true), the removal came after the wake-up, and a fresh clone's CI saw it still pending.
        pending.remove(deadline);
        deadline.onExpiry.run();
        return false;
    }

    /** One wait's deadline; identity is the wait's, so two waits with the same time are two members of the set. */
    final class Deadline implements CyclicTimeouts.Expirable {

        private final long expireNanoTime;
        private final Runnable onExpiry;

        private Deadline(long expireNanoTime, Runnable onExpiry) {
            this.expireNanoTime = expireNanoTime;
            this.onExpiry = onExpiry;
        }

        @Override
        public long getExpireNanoTime() {
            return expireNanoTime;
        }

        /** The wait ended before its deadline: nothing runs for it. */
        void cancel() {
            pending.remove(this);
        }
    }
}

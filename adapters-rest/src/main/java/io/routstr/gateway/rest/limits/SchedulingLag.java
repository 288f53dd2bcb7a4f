package io.routstr.gateway.rest.limits;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * How late the node's virtual threads get a core: a probe on a virtual thread of its own asks to wake every 10 ms and
 * records how much later it woke; while it is overdue, the lag is how long it has been waiting so far.
 *
 * <p>This is the node's CPU queue, which no other signal sees: requests admitted beyond what two cores serve do not
 * wait for a database connection (group commit takes one per batch) or a permit (the in-flight bound is sized for
 * thousands of idle streams), they share the cores, so every request in flight slows down together. At twice the
 * closed-loop capacity that turned into 21 s answers and refused connections; with the lag as an overload signal the
 * node sheds newcomers with 503 once its cores are a bound behind, and the requests it serves stay within that bound.
 */
public final class SchedulingLag implements AutoCloseable {

    private static final long PERIOD_NANOS = Duration.ofMillis(10).toNanos();

    /** A lag this long is a stall: the cores were taken from every request for that long. */
    static final Duration STALL = Duration.ofMillis(100);

    private final AtomicLong lastLagNanos = new AtomicLong();
    /** When the probe last woke a stall late; meaningful once {@link #stallSeen} is set. */
    private final AtomicLong lastStallAtNanos = new AtomicLong();

    private volatile boolean stallSeen;
    private final AtomicLong dueAtNanos = new AtomicLong(Long.MAX_VALUE);
    private final Thread probe = Thread.ofVirtual().name("scheduling-lag-probe").unstarted(this::probe);
    private volatile boolean running = true;

    private void probe() {
        while (running) {
            long start = System.nanoTime();
            dueAtNanos.set(start + PERIOD_NANOS);
            LockSupport.parkNanos(PERIOD_NANOS);
            long woke = System.nanoTime();
            long lag = Math.max(0, woke - start - PERIOD_NANOS);
            lastLagNanos.set(lag);
            if (lag >= STALL.toNanos()) {
                lastStallAtNanos.set(woke);
                stallSeen = true;
            }
        }
    }

    /**
     * Whether the node's virtual threads were kept from the cores for at least {@link #STALL} at any time since
     * {@code sinceNanos} ({@link System#nanoTime()}), or are now. A queue that saw nobody arrive over such a time was
     * stalled, not quiet: the arrivals were there, waiting for a core to be read.
     */
    public boolean stalledSince(long sinceNanos) {
        return current().compareTo(STALL) >= 0 || (stallSeen && lastStallAtNanos.get() - sinceNanos >= 0);
    }

    /** The larger of the last probe's lag and how overdue the probe is now (zero before the probe runs). */
    public Duration current() {
        long overdue = System.nanoTime() - dueAtNanos.get();
        return Duration.ofNanos(Math.max(lastLagNanos.get(), overdue));
    }

    /** Starts the probe (once; later calls do nothing), so that {@link #current()} measures. */
    public synchronized void start() {
        if (running && probe.getState() == Thread.State.NEW) {
            probe.start();
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (probe.getState() != Thread.State.NEW) {
            probe.interrupt();
        }
    }
}

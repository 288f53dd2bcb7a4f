package io.routstr.gateway.rest.limits;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The cores' overload signal that lets a passing burst in and sheds a sustained overload: newcomers are shed once the
 * cores' lag has stayed above {@code bound} for a whole {@code window}, and from then on whenever it is above the
 * bound, until it has stayed within the bound for a whole window again.
 *
 * <p>One sample cannot tell the two apart: a burst puts the cores behind while the node parses, authenticates and
 * reserves it, and the lag then falls, since an open stream costs little CPU; at twice the node's capacity the lag
 * stays up. (A window does not let every burst in: 5,000 connections opened at once on a 2-core machine kept the lag
 * above a second for 20-25 s, mostly in work done before any filter can shed; docs/benchmarks.md.) The
 * rule is CoDel's (Nichols and Jacobson, "Controlling Queue Delay", 2012): a queue delay above target that lasts less
 * than an interval is a good queue, one that lasts longer is a bad one. The memory of a sustained overload keeps the
 * node from admitting a whole window's worth again each time the lag dips: under a sustained overload the lag dips as
 * soon as newcomers are shed, and without it the node would alternate between a window of growing lag and shedding.
 */
public final class SustainedLag implements InFlightLimitFilter.Saturation {

    private static final long NEVER = Long.MIN_VALUE;

    private final Supplier<Duration> lag;
    private final long boundNanos;
    private final long windowNanos;
    private final LongSupplier clock;

    /** Since when the lag has been above the bound without a break ({@link #NEVER}: it is within the bound). */
    private final AtomicLong aboveSince = new AtomicLong(NEVER);

    /** When the lag was last judged a sustained overload ({@link #NEVER}: not yet). */
    private final AtomicLong lastSustained = new AtomicLong(NEVER);

    public SustainedLag(Supplier<Duration> lag, Duration bound, Duration window, LongSupplier clock) {
        this.lag = Objects.requireNonNull(lag, "lag");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!bound.isPositive()) {
            throw new IllegalArgumentException("MAX_SCHEDULING_LAG_MS is positive here (0 turns the signal off)");
        }
        if (window.isNegative()) {
            throw new IllegalArgumentException("SCHEDULING_LAG_WINDOW_MS is not negative");
        }
        this.boundNanos = bound.toNanos();
        this.windowNanos = window.toNanos();
    }

    /** The signal on {@link SchedulingLag}'s probe, on the system's monotonic clock. */
    public static SustainedLag of(SchedulingLag probe, Duration bound, Duration window) {
        probe.start();
        return new SustainedLag(probe::current, bound, window, System::nanoTime);
    }

    @Override
    public boolean saturated() {
        long now = clock.getAsLong();
        if (lag.get().toNanos() <= boundNanos) {
            aboveSince.set(NEVER);
            return false;
        }
        aboveSince.compareAndSet(NEVER, now);
        long recentlySustained = lastSustained.get();
        boolean sustained = now - aboveSince.get() >= windowNanos
                || (recentlySustained != NEVER && now - recentlySustained < windowNanos);
        if (sustained) {
            lastSustained.set(now);
        }
        return sustained;
    }
}

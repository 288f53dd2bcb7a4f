package io.routstr.gateway.rest.limits;

import io.routstr.gateway.application.port.out.WorkAdmissionPort;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed number of turns at work ({@link WorkLimits#maxWorking()}); a newcomer finding them all taken waits at most
 * {@link WorkLimits#queueTimeout()}. A turn given back goes to the <em>oldest</em> waiter, unless the queue is judged
 * overloaded, when it goes to the <em>newest</em>: Facebook's adaptive LIFO ("Fail at Scale", 2015).
 *
 * <p>Arrival order while the node keeps up, because a queue also stands when the node is merely at capacity: a closed
 * loop of 64 clients on 16 turns keeps 48 waiting, each client sending again as it is answered. Newest first there
 * starves the oldest waiters, whom the loop's newcomers keep overtaking until their wait runs out (measured: 503s and
 * a p99 of 1.2 s in such a loop that arrival order serves entirely, docs/benchmarks.md).
 *
 * <p>Newest first under an overload, because then the turns go to requests that have hardly waited, so the admitted
 * requests' latency stays near their work's, while the oldest waiters, whose clients have waited longest and may be
 * gone, are the ones shed when their wait runs out. In arrival order every admitted request would wait nearly the
 * whole queue timeout once an overload's queue stands.
 *
 * <p>The queue is judged overloaded, CoDel's way, when it stands <em>and keeps growing</em>: over two whole intervals
 * in a row ({@link WorkLimits#interval()}) half as many again joined as were let in, or over three a tenth more, and
 * it had already stood for an interval when the first of them began. Standing alone is not the signal (the closed loop
 * above stands, with about as many joining as let in), nor is one interval's surge: a burst of thousands of streams
 * arrives in waves, and the node drains each (docs/benchmarks.md). While it is overloaded, a waiter older than
 * {@link WorkLimits#overloadedTimeout()} is shed at once, while a waiter of a burst may wait the longer queue timeout.
 * Newest first bounds an overload's median, not its tail: whenever arrivals lull, an old waiter still gets a turn
 * after up to its whole wait.
 *
 * <p>A queue that has been overloaded for two whole intervals keeps at most {@link #OVERLOADED_WAITERS_PER_TURN}
 * waiters per turn, shedding the oldest beyond them: a newcomer finding that many is turned away at once, and the
 * servlet filter asks {@link #turnsAway()} for a paid request before Spring's dispatch, so that most of a flood is shed
 * at the door. Without it, a flood at twice capacity kept about 9,500 requests waiting out their 5 s, each holding its
 * connection and an in-flight permit, and the node served a sixth to under a third of its capacity while it woke and
 * shed them (docs/benchmarks.md, session 32). Not sooner on the counts alone: a burst of thousands of streams was
 * judged overloaded for one interval while its last requests arrived, and was let in entirely the next; and a rule
 * on how long the pile would take to let in at the interval's rate cut such a burst too (session 33). But a flood
 * runs the in-flight permits out within a second or two, and a burst of 5,000 streams never did: a standing queue
 * while paid requests are shed for want of a permit ({@link #shedBeforeJoining()}) is judged overloaded, and keeps
 * only its capacity, at the end of that interval. Where the server runs out of connections before the permits run out
 * (Tomcat's 8,192 against 10,000), that never happens, and two whole intervals overloaded tell a flood instead
 * ({@link FloodSign}); where it does, they do not: a burst of 5,000 streams arriving over four seconds on a slow host
 * was judged overloaded by its surge and, two intervals later, cut to 256 (docs/benchmarks.md, sessions 35-36), while
 * 25 of 26 floods at twice capacity were judged when they ran the permits out. (A flood from fewer connections than
 * there are permits is then never cut: its pile, one waiter per connection at most, waits newest first up to the
 * overloaded timeout; not measured.) Keeping only its capacity, a queue also sheds a waiter once it has
 * waited {@link WorkLimits#floodTimeout()}: newest first, such a waiter was passed over by hundreds of newer ones and
 * would get its turn only when arrivals lull, seconds late (docs/benchmarks.md, session 34).
 *
 * <p>A waiter parks without a timeout; its queue timeout is kept by one sweep at a time, scheduled for the oldest
 * waiter's deadline (every waiter has the same timeout, so the oldest one's comes first). A virtual thread's timed park
 * gives its timeout to the JDK's delay scheduler, whose thread is woken for every park and again for its
 * cancellation: with a queue standing at 64 connections that was about 8 % of the node's CPU samples
 * (docs/benchmarks.md, "Timed parks on the paid path"); the sweep is scheduled about once per queue timeout.
 */
public final class BoundedWork implements WorkAdmissionPort {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedWork.class);

    /**
     * Waiters per turn an overloaded queue keeps; newer ones are turned away at once. Newest first, a turn goes to a
     * waiter that hardly waited, so a few per turn keep every turn busy; the older ones only wait out their overloaded
     * timeout to be shed. A flood held back to about 500 waiters (16 turns, 512 in flight) was served at two to nearly
     * four times the rate of one left to pile up to 9,500 (docs/benchmarks.md, session 32).
     */
    static final int OVERLOADED_WAITERS_PER_TURN = 16;

    /** One daemon thread runs every queue's sweeps; a queue has at most one scheduled at a time. */
    private static final ScheduledExecutorService SWEEPS = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("work-queue-timeouts").factory());

    /** Whether the cores were stalled at any time since a {@link System#nanoTime()} instant ({@link SchedulingLag}). */
    @FunctionalInterface
    public interface Stalls {
        boolean since(long nanoTime);

        Stalls NEVER = since -> false;
    }

    /** What, once the queue is overloaded, says that it is a flood and keeps only its capacity. */
    public enum FloodSign {
        /**
         * Paid requests shed for want of an in-flight permit while the queue stood ({@link #shedBeforeJoining()}): a
         * flood holds all the permits within a second or two, a burst of thousands of streams never did. For a server
         * that can hold more connections than there are permits (Jetty).
         */
        PERMITS_RAN_OUT,
        /**
         * That, or two whole intervals overloaded: for a server that runs out of connections before the permits
         * (Tomcat's 8,192 against 10,000), where the permits never run out.
         */
        PERMITS_RAN_OUT_OR_TWO_INTERVALS
    }

    private final WorkLimits limits;
    private final LongSupplier nanoClock;
    private final Stalls stalls;
    private final FloodSign floodSign;
    private final int overloadedCapacity;
    /** Newcomers turned away at the door ({@link #turnsAway()}) since the interval began: they joined, in effect. */
    private final LongAdder turnedAway = new LongAdder();
    /** Paid requests shed for want of an in-flight permit since the interval began ({@link #shedBeforeJoining()}). */
    private final LongAdder shedBeforeJoining = new LongAdder();
    /** Whether the queue turns newcomers away now ({@link #turnsAwayAt}); set under the lock, read without it. */
    private volatile boolean full;

    private final ReentrantLock lock = new ReentrantLock();
    /** Waiters, newest first (the deque's first). Guarded by {@link #lock}, as every field below. */
    private final Deque<Waiter> waiters = new ArrayDeque<>();
    /** Turns not taken. */
    private int free;
    /** When the queue last formed (became non-empty). */
    private long standingSince;
    /**
     * When the interval whose newcomers and grants are being counted began. Written under the lock; read without it
     * too, by {@link #shedBeforeJoining()}, to end an interval that nothing else ends.
     */
    private volatile long countingSince;
    /** Newcomers that found no free turn, since {@link #countingSince}. */
    private int joined;
    /** Turns handed to waiters, since {@link #countingSince}. */
    private int letIn;
    /** The shortest wait of the waiters let in since {@link #countingSince} (nanoseconds; MAX_VALUE: none). */
    private long shortestWait = Long.MAX_VALUE;
    /** Consecutive intervals, up to the last, in which at least half as many again joined as were let in. */
    private int surging;
    /** Consecutive intervals, up to the last, in which at least a tenth more joined than were let in. */
    private int creeping;
    /**
     * Consecutive intervals, up to the last, in which every waiter let in had waited the standing wait while at least
     * nine tenths as many joined as were let in: a queue that stands without draining.
     */
    private int lagging;
    /** Whether turns go to the newest waiter, and a waiter older than the overloaded timeout is shed. */
    private boolean overloaded;
    /** When the queue was last judged overloaded. */
    private long overloadedSince;
    /**
     * Whether, during this overload, an interval ended with waiters while paid requests were shed for want of an
     * in-flight permit: the queue keeps only its capacity from then on.
     */
    private boolean inFlightPermitsRanOut;
    /** Whether a sweep of the waiters past their queue timeout is scheduled. */
    private boolean sweepScheduled;

    public BoundedWork(WorkLimits limits) {
        this(limits, System::nanoTime);
    }

    /**
     * A queue that tells a stall of the cores from a lull in arrivals by {@code stalls}, and a flood by {@code
     * floodSign}, for the server's connections against the permits.
     */
    public BoundedWork(WorkLimits limits, Stalls stalls, FloodSign floodSign) {
        this(limits, System::nanoTime, stalls, floodSign);
    }

    BoundedWork(WorkLimits limits, LongSupplier nanoClock) {
        this(limits, nanoClock, Stalls.NEVER);
    }

    BoundedWork(WorkLimits limits, LongSupplier nanoClock, Stalls stalls) {
        this(limits, nanoClock, stalls, FloodSign.PERMITS_RAN_OUT_OR_TWO_INTERVALS);
    }

    BoundedWork(WorkLimits limits, LongSupplier nanoClock, Stalls stalls, FloodSign floodSign) {
        this.limits = limits;
        this.nanoClock = nanoClock;
        this.stalls = stalls;
        this.floodSign = floodSign;
        this.free = limits.maxWorking();
        this.overloadedCapacity = limits.maxWorking() * OVERLOADED_WAITERS_PER_TURN;
        this.countingSince = nanoClock.getAsLong();
    }

    @Override
    public Optional<WorkTurn> enter() {
        Waiter waiter = new Waiter(null);
        Entry entry = join(waiter);
        if (entry != Entry.QUEUED) {
            return entry == Entry.GRANTED ? Optional.of(new Turn()) : Optional.empty();
        }
        boolean interrupted = false;
        try {
            waiter.woken.await(); // granted a turn, shed, or swept at its queue timeout
        } catch (InterruptedException e) {
            interrupted = true;
        }
        lock.lock();
        try {
            // A turn handed over between the wait's end and this lock is this waiter's: it is taken, not lost.
            if (waiter.granted) {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return Optional.of(new Turn());
            }
            if (waiter.queued) {
                // Interrupted: still in the queue. A waiter shed or swept was taken off it already, and a search of
                // thousands of waiters for it, under the lock, is what an overload can least afford.
                waiters.remove(waiter);
                updateFull(nanoClock.getAsLong());
            }
        } finally {
            lock.unlock();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    /**
     * A turn now, or a wait without a thread: the same queue as {@link #enter()}, its newcomer told later by
     * {@code arrival} instead of parking a thread until then. Returns the turn if one is free now; otherwise empty,
     * and {@code arrival} is told exactly once, at once if the newcomer is refused without waiting, or later, when a
     * turn is handed to it or its wait runs out. Under Jetty the node's door queues a paid request so, before the
     * servlet context: a waiter parked inside the servlet chain held a virtual thread whose deep stack the collector
     * copied (young pauses of 80-270 ms while a flood's pile of 10,000 formed) and, when shed, unwound through
     * Spring's dispatch and writers (most of the node's samples in the 2-4 s after a flood's trim; docs/benchmarks.md,
     * session 35).
     */
    public Optional<WorkTurn> enter(Arrival arrival) {
        Entry entry = join(new Waiter(arrival));
        if (entry == Entry.GRANTED) {
            return Optional.of(new Turn());
        }
        if (entry == Entry.REFUSED) {
            arrival.refused();
        }
        return Optional.empty();
    }

    /**
     * How a newcomer waiting without a thread ({@link #enter(Arrival)}) learns what became of it. The queue calls one
     * of the two, once, possibly under its lock and on the thread of another request giving its turn back: an
     * arrival hands the work over (to a thread of its own) and returns at once.
     */
    public interface Arrival {

        /** A turn was handed to it; it must be given back ({@link WorkTurn#leave()}) as any other. */
        void granted(WorkTurn turn);

        /** No turn came in time (or the queue turned it away): the request is answered 503 as an overload. */
        void refused();
    }

    /** What {@link #join} did with a newcomer. */
    private enum Entry {
        GRANTED,
        REFUSED,
        QUEUED
    }

    /** Takes a free turn, refuses the newcomer, or queues it. */
    private Entry join(Waiter waiter) {
        lock.lock();
        try {
            long now = nanoClock.getAsLong();
            waiter.since = now;
            judge(now);
            if (free > 0) {
                free--;
                return Entry.GRANTED;
            }
            joined++;
            // Every waiter may wait the queue timeout; while the queue is overloaded, judge() sheds those older than
            // the overloaded timeout. A wait fixed at the overloaded timeout on joining would outlast the overload:
            // the thousands of a burst that joined in the one interval judged overloaded were shed 5 s later, though
            // the node was letting the burst in by then (docs/benchmarks.md, session 10).
            Duration wait = limits.queueTimeout();
            if (wait.isZero() || (overloaded && limits.overloadedTimeout().isZero())) {
                return Entry.REFUSED;
            }
            if (turnsAwayAt(now)) {
                return Entry.REFUSED; // it would only wait out its overloaded timeout behind newer ones
            }
            if (waiters.isEmpty()) {
                standingSince = now;
            }
            waiters.addFirst(waiter);
            updateFull(now);
            if (!sweepScheduled) {
                scheduleSweep(now);
            }
            return Entry.QUEUED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a new paid request would be turned away now, asked before it is dispatched: the queue keeps only its
     * capacity ({@link #keepsOnlyItsCapacity}) and holds that many waiters. One that is counts as a newcomer that
     * joined, so that the judgement still sees the flood it no longer queues.
     */
    public boolean turnsAway() {
        if (!full) {
            return false;
        }
        turnedAway.increment();
        return true;
    }

    /**
     * A paid request shed before it could join the queue, for want of an in-flight permit: a newcomer turned away, as
     * at the door, and the sign of a flood. The in-flight bound ({@code MAX_CONCURRENT_REQUESTS}) is sized for
     * thousands of streams, which wait for their upstream, not for a turn: when it runs out while the queue stands,
     * the queue's waiters hold the permits, and the queue is judged overloaded and keeps only its capacity at the end
     * of the interval. A burst of 5,000 streams never ran it out; a flood at twice capacity ran it out within 1-2 s,
     * while its queue was still judged at capacity, and nothing joined or was let in for 2.2 s after (the turns'
     * holders starved of the cores while the node shed thousands a second), which looked like a lull and started the
     * judgement afresh (docs/benchmarks.md, session 33). So the shed itself ends an interval that is over.
     */
    public void shedBeforeJoining() {
        // The interval that is over ends first: this shed counts in the next.
        if (limits.judgesOverload()
                && nanoClock.getAsLong() - countingSince >= limits.interval().toNanos()
                && lock.tryLock()) {
            try {
                judge(nanoClock.getAsLong());
            } finally {
                lock.unlock();
            }
        }
        shedBeforeJoining.increment();
    }

    /** Requests doing work now; exported as a gauge. */
    public int working() {
        lock.lock();
        try {
            return limits.maxWorking() - free;
        } finally {
            lock.unlock();
        }
    }

    /** Requests waiting for a turn now; exported as a gauge. */
    public int waiting() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the queue is judged overloaded now (newest first, its old waiters shed); exported as a gauge. */
    public boolean overloaded() {
        lock.lock();
        try {
            return overloaded;
        } finally {
            lock.unlock();
        }
    }

    private void giveBack() {
        lock.lock();
        try {
            long now = nanoClock.getAsLong();
            judge(now);
            Waiter next = overloaded ? waiters.pollFirst() : waiters.pollLast();
            if (next == null) {
                free++;
            } else {
                letIn++;
                shortestWait = Math.min(shortestWait, now - next.since);
                // The turn passes straight to the waiter: a newcomer cannot take it in between.
                grant(next);
                updateFull(now);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * At the end of each interval. The queue becomes overloaded once it has stood throughout a streak of intervals,
     * and one before it, in which it kept growing: two in a row in which at least half as many again joined as were
     * let in (a surge), or three in a row with at least a tenth more (a creep, the moderate overload a surge misses).
     * It stays overloaded while it creeps, and stops after an interval in which fewer joined if the rate at which that
     * interval let waiters in would let in all those still waiting within the queue timeout. While overloaded, turns
     * go to the newest waiter and the waiters older than the overloaded timeout are shed.
     */
    private void judge(long now) {
        if (!limits.judgesOverload()) {
            return;
        }
        long interval = limits.interval().toNanos();
        long turnedAwayMeanwhile = 0;
        long shedForWantOfPermits = 0;
        if (now - countingSince >= interval) {
            shedForWantOfPermits = shedBeforeJoining.sumThenReset();
            turnedAwayMeanwhile = turnedAway.sumThenReset() + shedForWantOfPermits;
            joined += (int) Math.min(Integer.MAX_VALUE - joined, turnedAwayMeanwhile);
        }
        boolean quiet = now - countingSince >= 2 * interval && turnedAwayMeanwhile == 0;
        boolean stalled = quiet && stalls.since(countingSince);
        if (stalled && overloaded) {
            LOG.info(
                    "Work queue still overloaded: nothing joined or was let in over the last {} ms, but the cores"
                            + " were stalled meanwhile",
                    TimeUnit.NANOSECONDS.toMillis(now - countingSince));
        }
        if (quiet && !stalled) {
            // A whole interval passed without a newcomer or a turn given back: nothing joined in it. (Newcomers turned
            // away at the door meanwhile say the opposite: the turns' holders were stuck while a flood went on, as
            // when the thousands of waiters shed at once took the cores for seconds; docs/benchmarks.md, session 32.
            // So does a stall of the cores meanwhile, when nobody was turned away either: a flood's trim of its pile
            // took them for 2-3 s, the newcomers waited for a core to be read, and the overload ended and its pile
            // formed again, in the runs that served least; docs/benchmarks.md, session 34.)
            if (overloaded) {
                LOG.warn(
                        "Work queue no longer overloaded: nothing joined or was let in over the last {} ms",
                        TimeUnit.NANOSECONDS.toMillis(now - countingSince));
            }
            overloaded = false;
            inFlightPermitsRanOut = false;
            surging = 0;
            creeping = 0;
            lagging = 0;
            countingSince = now;
            joined = 0;
            letIn = 0;
            shortestWait = Long.MAX_VALUE;
        } else if (now - countingSince >= interval) {
            // A closed loop of clients at the node's capacity keeps a queue standing, with about as many joining as
            // let in (131 against 122 in one second of such a loop), and is not an overload; nor is one interval's
            // surge: a burst of thousands of streams arrived in waves, a surge and then fewer (docs/benchmarks.md).
            // An interval in which nobody was let in says the turns' holders are stuck (a burst of thousands of new
            // connections kept the cores from them for 3 s), not how fast requests arrive against how fast the node
            // serves them: it neither counts towards a streak nor breaks one.
            boolean notDraining = 10L * joined >= 9L * letIn;
            if (letIn > 0) {
                surging = 2L * joined >= 3L * letIn + 2 ? surging + 1 : 0;
                creeping = 10L * joined >= 11L * letIn + 10 ? creeping + 1 : 0;
                // Thousands of keep-alive clients, each sending again as it is answered, keep a queue seconds long
                // that does not grow: as many join as are let in, and each waits seconds (measured: 8,192 connections
                // of an open loop at twice capacity, served after 3.7 s and none shed; docs/benchmarks.md).
                lagging = limits.judgesStandingWaits()
                                && notDraining
                                && shortestWait >= limits.standingWait().toNanos()
                        ? lagging + 1
                        : 0;
            }
            int streak = surging >= 2 || lagging >= 2 ? 2 : creeping >= 3 ? 3 : 0;
            boolean stoodThroughout = !waiters.isEmpty() && now - standingSince >= (streak + 1L) * interval;
            // The in-flight permits ran out while the queue stood: its waiters hold them (shedBeforeJoining()).
            boolean permitsRanOut = shedForWantOfPermits > 0 && !waiters.isEmpty();
            boolean was = overloaded;
            overloaded = was
                    ? creeping > 0 || !drainsWithinTheQueueTimeout() || stillStanding(now, notDraining) || permitsRanOut
                    : (streak > 0 && stoodThroughout) || permitsRanOut;
            if (overloaded && !was) {
                overloadedSince = now;
            }
            inFlightPermitsRanOut = overloaded && (inFlightPermitsRanOut || permitsRanOut);
            if (overloaded != was) {
                // The shortest wait tells the standing-wait rule's overload (as many joined as were let in, each
                // after seconds) from a quiet interval, which the counts alone do not.
                // The sheds for want of an in-flight permit tell an overload judged by them from one judged by the
                // queue's own counts.
                LOG.warn(
                        "Work queue {}: {} joined ({} of them shed for want of an in-flight permit) and {} were let in"
                                + " over the last {} ms (the shortest wait {} ms), {} waiting; a waiter is now shed"
                                + " after {} ms",
                        overloaded ? "overloaded" : "no longer overloaded",
                        joined,
                        shedForWantOfPermits,
                        letIn,
                        TimeUnit.NANOSECONDS.toMillis(now - countingSince),
                        shortestWaitMillis(),
                        waiters.size(),
                        currentTimeout(now).toMillis());
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug(
                        "Work queue interval: {} joined, {} let in (shortest wait {} ms), {} waiting, overloaded {}",
                        joined,
                        letIn,
                        shortestWaitMillis(),
                        waiters.size(),
                        overloaded);
            }
            countingSince = now;
            joined = 0;
            letIn = 0;
            shortestWait = Long.MAX_VALUE;
        }
        if (overloaded) {
            boolean flood = keepsOnlyItsCapacity(now);
            // In a flood, newest first, a waiter that has waited the flood timeout was passed over by hundreds of newer
            // ones and would get its turn only in a lull, seconds late: the admitted requests' tail in 20-s floods
            // (docs/benchmarks.md, session 34). It is shed instead, as "Fail at Scale" bounds a standing queue's wait.
            long oldest = now - (flood ? limits.floodTimeout() : limits.overloadedTimeout()).toNanos();
            while (!waiters.isEmpty() && waiters.peekLast().since - oldest < 0) {
                shed(waiters.pollLast()); // not granted: it leaves with nothing
            }
            if (flood) {
                // Newest first, the oldest beyond what the queue keeps would only wait out their timeout, holding
                // their connections and in-flight permits: a flood's pile of them emptied all at once when their
                // timeouts ran out, and the overload seemed to end (docs/benchmarks.md, session 32).
                while (waiters.size() > overloadedCapacity) {
                    shed(waiters.pollLast());
                }
            }
        }
        updateFull(now);
    }

    /**
     * Whether a newcomer is turned away now: the queue keeps only its capacity ({@link #keepsOnlyItsCapacity}) and
     * holds that many waiters. Called under the lock.
     */
    private boolean turnsAwayAt(long now) {
        return keepsOnlyItsCapacity(now) && waiters.size() >= overloadedCapacity;
    }

    /**
     * Whether the queue keeps only its capacity of waiters: the in-flight permits ran out while it stood during this
     * overload, or ({@link FloodSign#PERMITS_RAN_OUT_OR_TWO_INTERVALS}) it has been overloaded for two whole intervals.
     */
    private boolean keepsOnlyItsCapacity(long now) {
        return overloaded
                && (inFlightPermitsRanOut
                        || (floodSign == FloodSign.PERMITS_RAN_OUT_OR_TWO_INTERVALS
                                && now - overloadedSince
                                        >= 2 * limits.interval().toNanos()));
    }

    /** How long a waiter may wait now: in a flood, overloaded, or otherwise. Called under the lock. */
    private Duration currentTimeout(long now) {
        if (keepsOnlyItsCapacity(now)) {
            return limits.floodTimeout();
        }
        return overloaded ? limits.overloadedTimeout() : limits.queueTimeout();
    }

    /** Called under the lock whenever the queue or its judgement changes. */
    private void updateFull(long now) {
        full = turnsAwayAt(now);
    }

    /** The shortest wait of the interval's waiters let in, in ms, for the log; "-" when nobody was let in. */
    private Object shortestWaitMillis() {
        return shortestWait == Long.MAX_VALUE ? "-" : TimeUnit.NANOSECONDS.toMillis(shortestWait);
    }

    /**
     * Whether the waiters would all be let in within the queue timeout at the rate of the interval just ended. An
     * overload ends only then: a node starved of CPU lets few requests even reach its queue, and an interval in which
     * fewer joined than were let in then says nothing about the thousands still waiting (measured: "1 joined and 18
     * were let in over the last 1015 ms, 3867 waiting", after which they waited in arrival order for up to 30 s).
     */
    private boolean drainsWithinTheQueueTimeout() {
        return (long) waiters.size() * limits.interval().toNanos()
                <= (long) letIn * limits.queueTimeout().toNanos();
    }

    /**
     * Whether an overloaded queue still stands without draining: newest first, the waiters let in hardly wait, so its
     * oldest waiter says how long the queue is; the shed clients of a keep-alive flood come straight back, so about as
     * many join as are let in and shed, and the overload goes on (without this, it would end every other interval).
     */
    private boolean stillStanding(long now, boolean notDraining) {
        return limits.judgesStandingWaits()
                && notDraining
                && !waiters.isEmpty()
                && now - waiters.peekLast().since >= limits.standingWait().toNanos();
    }

    /** Schedules the sweep for the oldest waiter's deadline. Called under the lock, with waiters. */
    private void scheduleSweep(long now) {
        long due = waiters.peekLast().since + limits.queueTimeout().toNanos();
        SWEEPS.schedule(this::sweep, Math.max(0, due - now), TimeUnit.NANOSECONDS);
        sweepScheduled = true;
    }

    /**
     * Wakes the waiters whose queue timeout has passed, with nothing, oldest first; then schedules the next sweep for
     * the oldest left, if any. The waiter a sweep was scheduled for may have been let in or shed meanwhile: the sweep
     * then only reschedules.
     */
    private void sweep() {
        lock.lock();
        try {
            sweepScheduled = false;
            long now = nanoClock.getAsLong();
            long timeout = limits.queueTimeout().toNanos();
            while (!waiters.isEmpty() && now - waiters.peekLast().since >= timeout) {
                shed(waiters.pollLast()); // not granted: it leaves with nothing
            }
            updateFull(now);
            if (!waiters.isEmpty()) {
                scheduleSweep(now);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Hands a turn to a waiter taken off the queue. Called under the lock. */
    private void grant(Waiter waiter) {
        waiter.queued = false;
        waiter.granted = true;
        if (waiter.arrival == null) {
            waiter.woken.countDown();
        } else {
            waiter.arrival.granted(new Turn());
        }
    }

    /** Wakes a waiter taken off the queue without a turn. Called under the lock. */
    private static void shed(Waiter waiter) {
        waiter.queued = false;
        if (waiter.arrival == null) {
            waiter.woken.countDown();
        } else {
            waiter.arrival.refused();
        }
    }

    /** A newcomer waiting for a turn: a parked thread ({@link #enter()}) or an arrival told later. */
    private static final class Waiter {
        /** When it joined; written under the lock before it is queued. */
        long since;
        /** Null for a thread parked on {@link #woken}. */
        final Arrival arrival;

        final CountDownLatch woken;
        /** Guarded by the lock. */
        boolean granted;
        /** Whether it is still in the queue. Guarded by the lock. */
        boolean queued = true;

        Waiter(Arrival arrival) {
            this.arrival = arrival;
            this.woken = arrival == null ? new CountDownLatch(1) : null;
        }
    }

    private final class Turn implements WorkTurn {

        private final AtomicBoolean left = new AtomicBoolean();

        @Override
        public void leave() {
            if (left.compareAndSet(false, true)) {
                giveBack();
            }
        }
    }
}

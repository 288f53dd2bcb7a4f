package io.routstr.gateway.rest.limits;

import io.routstr.gateway.application.port.out.WorkAdmissionPort;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed number of turns at work ({@link WorkLimits#maxWorking()}); a newcomer finding them all taken waits at most
 * {@link WorkLimits#queueTimeout()}, and a turn given back goes to the <em>newest</em> waiter.
 *
 * <p>Newest first (a stack, as in Facebook's adaptive LIFO, "Fail at Scale", 2015) because under overload the turns go
 * to requests that have hardly waited, so the admitted requests' latency stays near their work's, while the oldest
 * waiters, whose clients have waited longest and may be gone, are the ones shed when their wait runs out. In arrival
 * order every admitted request would have waited nearly the whole queue timeout once the queue stands. The timeout
 * then only says how long a burst may take to get in: a burst (thousands of streams opened at once) is admitted as
 * fast as the node works through it, for as long as a request may wait.
 */
public final class BoundedWork implements WorkAdmissionPort {

    private final WorkLimits limits;
    private final ReentrantLock lock = new ReentrantLock();
    /** Waiters, newest first. Guarded by {@link #lock}. */
    private final Deque<Waiter> waiters = new ArrayDeque<>();
    /** Turns not taken. Guarded by {@link #lock}. */
    private int free;

    public BoundedWork(WorkLimits limits) {
        this.limits = limits;
        this.free = limits.maxWorking();
    }

    @Override
    public Optional<WorkTurn> enter() {
        Waiter waiter;
        lock.lock();
        try {
            if (free > 0) {
                free--;
                return Optional.of(new Turn());
            }
            if (limits.queueTimeout().isZero()) {
                return Optional.empty();
            }
            waiter = new Waiter();
            waiters.addFirst(waiter);
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        try {
            waiter.granted.await(limits.queueTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        lock.lock();
        try {
            // A turn handed over between the wait's end and this lock is this waiter's: it is taken, not lost.
            if (waiter.granted.getCount() == 0) {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return Optional.of(new Turn());
            }
            waiters.remove(waiter);
        } finally {
            lock.unlock();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
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

    /** Requests waiting for a turn now. */
    int waiting() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    private void giveBack() {
        lock.lock();
        try {
            Waiter newest = waiters.pollFirst();
            if (newest == null) {
                free++;
            } else {
                // The turn passes straight to the newest waiter: a newcomer cannot take it in between.
                newest.granted.countDown();
            }
        } finally {
            lock.unlock();
        }
    }

    private static final class Waiter {
        final CountDownLatch granted = new CountDownLatch(1);
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

package io.routstr.gateway.rest.limits;

import io.routstr.gateway.application.port.out.WorkAdmissionPort;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fixed number of turns at work ({@link WorkLimits#maxWorking()}), given in arrival order: a newcomer waits at most
 * {@link WorkLimits#queueTimeout()} behind the others, then is refused. So an admitted request's work starts within
 * that wait, however many requests arrive, where without a bound every request admitted shares the cores with all the
 * others and is answered only after all of them (seconds at twice the node's capacity).
 *
 * <p>Arrival order, not barging: a request that got no turn within the wait has waited longest, and a newcomer that
 * overtook it would make its wait longer still.
 */
public final class BoundedWork implements WorkAdmissionPort {

    private final WorkLimits limits;
    private final Semaphore turns;

    public BoundedWork(WorkLimits limits) {
        this.limits = limits;
        this.turns = new Semaphore(limits.maxWorking(), true);
    }

    @Override
    public Optional<WorkTurn> enter() {
        try {
            // With a fair semaphore, a timed try (even of zero) queues behind the waiters; an untimed one would barge.
            if (!turns.tryAcquire(limits.queueTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return Optional.of(new Turn());
    }

    /** Requests doing work now; exported as a gauge. */
    public int working() {
        return limits.maxWorking() - turns.availablePermits();
    }

    /** Whether a newcomer is waiting for a turn now. */
    boolean hasWaiters() {
        return turns.hasQueuedThreads();
    }

    private final class Turn implements WorkTurn {

        private final AtomicBoolean left = new AtomicBoolean();

        @Override
        public void leave() {
            if (left.compareAndSet(false, true)) {
                turns.release();
            }
        }
    }
}

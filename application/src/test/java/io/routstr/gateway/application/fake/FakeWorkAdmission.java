package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.WorkAdmissionPort;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** In-memory {@link WorkAdmissionPort}: a number of turns, refused at once when all are taken (no wait). */
public final class FakeWorkAdmission implements WorkAdmissionPort {

    private final int turns;
    private final AtomicInteger working = new AtomicInteger();

    public FakeWorkAdmission(int turns) {
        if (turns < 0) {
            throw new IllegalArgumentException("turns are not negative");
        }
        this.turns = turns;
    }

    /** Turns for every request: for tests about something else. */
    public static FakeWorkAdmission unbounded() {
        return new FakeWorkAdmission(Integer.MAX_VALUE);
    }

    @Override
    public Optional<WorkTurn> enter() {
        int now;
        do {
            now = working.get();
            if (now >= turns) {
                return Optional.empty();
            }
        } while (!working.compareAndSet(now, now + 1));
        AtomicBoolean left = new AtomicBoolean();
        return Optional.of(() -> {
            if (left.compareAndSet(false, true)) {
                working.decrementAndGet();
            }
        });
    }

    /** Turns taken now. */
    public int working() {
        return working.get();
    }
}

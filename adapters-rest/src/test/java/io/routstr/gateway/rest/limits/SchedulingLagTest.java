package io.routstr.gateway.rest.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class SchedulingLagTest {

    @Test
    void anIdleNodeIsNotBehind() {
        try (SchedulingLag lag = new SchedulingLag()) {
            // The one-sample rule: no window.
            InFlightLimitFilter.Saturation saturation = SustainedLag.of(lag, Duration.ofSeconds(5), Duration.ZERO);
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());

            assertThat(saturation.saturated()).isFalse();
        }
    }

    @Test
    void virtualThreadsThatKeepEveryCoreBusyPutTheProbeBehind() throws Exception {
        try (SchedulingLag lag = new SchedulingLag()) {
            lag.start();
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            List<Thread> spinners = keepEveryCoreBusyFor(Duration.ofMillis(600));
            LockSupport.parkNanos(Duration.ofMillis(400).toNanos());
            Duration behind = lag.current();
            for (Thread spinner : spinners) {
                spinner.join();
            }

            assertThat(behind).isGreaterThan(Duration.ofMillis(100));
        }
    }

    @Test
    void aStallOverIsStillSeenSinceAnInstantBeforeIt_notSinceOneAfterIt() throws Exception {
        try (SchedulingLag lag = new SchedulingLag()) {
            lag.start();
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            long before = System.nanoTime();
            assertThat(lag.stalledSince(before)).isFalse();
            List<Thread> spinners = keepEveryCoreBusyFor(Duration.ofMillis(300));
            for (Thread spinner : spinners) {
                spinner.join();
            }
            // The probe wakes late once the spinners end, then on time again.
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            long after = System.nanoTime();

            assertThat(lag.current()).as("over").isLessThan(SchedulingLag.STALL);
            assertThat(lag.stalledSince(before)).isTrue();
            assertThat(lag.stalledSince(after)).isFalse();
        }
    }

    /**
     * More spinning virtual threads than carrier threads, for {@code span}: none of them parks, so the probe waits for a
     * core until they end.
     */
    private static List<Thread> keepEveryCoreBusyFor(Duration span) {
        long until = System.nanoTime() + span.toNanos();
        List<Thread> spinners = new ArrayList<>();
        for (int i = 0; i < 4 * Runtime.getRuntime().availableProcessors(); i++) {
            spinners.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }));
        }
        return spinners;
    }
}

package io.routstr.gateway.upstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WaitDeadlinesTest {

    private final ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("deadlines-test", true);
    private WaitDeadlines deadlines;

    @BeforeEach
    void start() throws Exception {
        scheduler.start();
        deadlines = new WaitDeadlines(scheduler);
    }

    @AfterEach
    void stop() throws Exception {
        deadlines.destroy();
        scheduler.stop();
    }

    @Test
    void aDeadlineRunsItsActionOnceItsTimeHasCome_andLeavesNothingPending() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        long started = System.nanoTime();

        deadlines.start(started + millis(50), ran::countDown);

        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(millis(50));
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void aCancelledDeadlineNeverRuns() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch later = new CountDownLatch(1);

        deadlines.start(System.nanoTime() + millis(30), runs::incrementAndGet).cancel();
        deadlines.start(System.nanoTime() + millis(80), later::countDown);

        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(runs).hasValue(0);
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void anEarlierDeadlineIsNotHeldBackByALaterOneAlreadyPending() throws InterruptedException {
        CountDownLatch early = new CountDownLatch(1);
        AtomicInteger lateRuns = new AtomicInteger();

        deadlines.start(System.nanoTime() + millis(60_000), lateRuns::incrementAndGet);
        deadlines.start(System.nanoTime() + millis(50), early::countDown);

        assertThat(early.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(lateRuns).hasValue(0);
        assertThat(deadlines.pending()).isEqualTo(1);
    }

    @Test
    void twoWaitsWithTheSameDeadlineAreTwoDeadlines() throws InterruptedException {
        CountDownLatch both = new CountDownLatch(2);
        long at = System.nanoTime() + millis(40);

        deadlines.start(at, both::countDown);
        deadlines.start(at, both::countDown).cancel();
        deadlines.start(at, both::countDown);

        assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(deadlines.pending()).isZero();
    }

    private static long millis(long ms) {
        return Duration.ofMillis(ms).toNanos();
    }
}

package io.routstr.gateway.rest.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.contract.WorkAdmissionContract;
import io.routstr.gateway.application.port.out.WorkAdmissionPort;
import io.routstr.gateway.application.port.out.WorkAdmissionPort.WorkTurn;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The node's bound on work: the port's contract, and a newcomer that waits for a turn within its queue timeout. */
class BoundedWorkTest extends WorkAdmissionContract {

    @Override
    protected WorkAdmissionPort withTurns(int turns) {
        return new BoundedWork(new WorkLimits(turns, Duration.ZERO));
    }

    @Test
    void aNewcomerWaitingWithinItsQueueTimeout_getsTheTurnGivenBackMeanwhile() throws Exception {
        BoundedWork work = new BoundedWork(new WorkLimits(1, Duration.ofMinutes(5)));
        WorkTurn working = work.enter().orElseThrow();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Optional<WorkTurn>> newcomer = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 1);

            working.leave();

            assertThat(newcomer.get()).isPresent();
            assertThat(work.working()).isEqualTo(1);
        }
    }

    @Test
    void aTurnGivenBack_goesToTheNewestWaiter_theOlderKeepWaiting() throws Exception {
        BoundedWork work = new BoundedWork(new WorkLimits(1, Duration.ofMinutes(5)));
        WorkTurn working = work.enter().orElseThrow();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Optional<WorkTurn>> older = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 1);
            CompletableFuture<Optional<WorkTurn>> newer = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 2);

            working.leave();
            WorkTurn newersTurn = newer.get().orElseThrow();

            assertThat(older).isNotDone();
            assertThat(work.waiting()).isEqualTo(1);
            newersTurn.leave();
            assertThat(older.get()).isPresent();
        }
    }

    @Test
    void aWaiterWhoseWaitRunsOut_isRefused_andLeavesTheQueue() {
        BoundedWork work = new BoundedWork(new WorkLimits(1, Duration.ofMillis(1)));
        WorkTurn working = work.enter().orElseThrow();

        assertThat(work.enter()).isEmpty();
        assertThat(work.waiting()).isZero();
        working.leave();
        assertThat(work.enter()).isPresent();
    }

    private static void awaitWaiting(BoundedWork work, int waiters) {
        while (work.waiting() < waiters) {
            Thread.onSpinWait();
        }
    }

    @Test
    void workingCountsTheTurnsTaken() {
        BoundedWork work = new BoundedWork(new WorkLimits(3, Duration.ZERO));

        WorkTurn first = work.enter().orElseThrow();
        work.enter().orElseThrow();
        first.leave();

        assertThat(work.working()).isEqualTo(1);
    }

    @Test
    void aBoundBelowOne_orANegativeWait_isRefusedWithItsSettingsName() {
        assertThatThrownBy(() -> new WorkLimits(0, Duration.ZERO)).hasMessageContaining("MAX_WORKING_REQUESTS");
        assertThatThrownBy(() -> new WorkLimits(1, Duration.ofMillis(-1)))
                .hasMessageContaining("WORK_QUEUE_TIMEOUT_MS");
    }
}

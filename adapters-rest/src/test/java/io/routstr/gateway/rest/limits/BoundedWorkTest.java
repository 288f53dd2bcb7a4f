package io.routstr.gateway.rest.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.contract.WorkAdmissionContract;
import io.routstr.gateway.application.port.out.WorkAdmissionPort;
import io.routstr.gateway.application.port.out.WorkAdmissionPort.WorkTurn;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The node's bound on work: the port's contract, and a newcomer that waits for a turn within its queue timeout. */
@Timeout(60)
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
    void aTurnGivenBack_goesToTheOldestWaiter_theNewerKeepWaiting() throws Exception {
        BoundedWork work = new BoundedWork(new WorkLimits(1, Duration.ofMinutes(5)));
        WorkTurn working = work.enter().orElseThrow();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Optional<WorkTurn>> older = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 1);
            CompletableFuture<Optional<WorkTurn>> newer = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 2);

            working.leave();
            WorkTurn oldersTurn = older.get().orElseThrow();

            assertThat(newer).isNotDone();
            assertThat(work.waiting()).isEqualTo(1);
            oldersTurn.leave();
            assertThat(newer.get()).isPresent();
        }
    }

    @Test
    void aClosedLoopOfMoreClientsThanTurns_isServedInTurn_noWaiterOvertakenByTheLoopsNewcomers() throws Exception {
        // Three clients on one turn, each sending again as soon as it is answered: the queue never empties, and a
        // client who has just been answered must not overtake the two who were already waiting.
        BoundedWork work = new BoundedWork(new WorkLimits(1, Duration.ofMinutes(5)));
        WorkTurn holding = work.enter().orElseThrow();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            java.util.Deque<CompletableFuture<Optional<WorkTurn>>> waiting = new java.util.ArrayDeque<>();
            for (int client = 1; client <= 2; client++) {
                waiting.addLast(CompletableFuture.supplyAsync(work::enter, threads));
                awaitWaiting(work, client);
            }
            for (int answered = 0; answered < 12; answered++) {
                CompletableFuture<Optional<WorkTurn>> longestWaiting = waiting.pollFirst();
                holding.leave();
                holding = longestWaiting.get().orElseThrow();
                assertThat(waiting).allSatisfy(later -> assertThat(later).isNotDone());
                waiting.addLast(CompletableFuture.supplyAsync(work::enter, threads)); // the answered client again
                awaitWaiting(work, 2);
            }
            holding.leave();
            for (CompletableFuture<Optional<WorkTurn>> later : waiting) {
                later.get().orElseThrow().leave();
            }
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

    @Test
    void anInterruptedWaiter_isRefused_andLeavesTheQueue_soNoTurnIsHandedToIt() throws Exception {
        BoundedWork work = new BoundedWork(new WorkLimits(1, Duration.ofMinutes(5)));
        WorkTurn working = work.enter().orElseThrow();
        CompletableFuture<Optional<WorkTurn>> interrupted = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> interrupted.complete(work.enter()));
        awaitWaiting(work, 1);

        waiter.interrupt();

        assertThat(interrupted.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(work.waiting()).isZero();
        working.leave();
        assertThat(work.enter())
                .as("the turn given back was not handed to the departed waiter")
                .isPresent();
    }

    @Test
    void waitersWhoseWaitsRunOutOneAfterAnother_eachLeaveAtTheirOwnTimeout_theOlderFirst() throws Exception {
        Duration timeout = Duration.ofMillis(600);
        BoundedWork work = new BoundedWork(new WorkLimits(1, timeout));
        WorkTurn working = work.enter().orElseThrow();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            long olderJoined = System.nanoTime();
            CompletableFuture<Optional<WorkTurn>> older = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 1);
            // Half a timeout apart on the real clock, which the sweep runs on: the older one's timeout comes first.
            Thread.sleep(300);
            long newerJoined = System.nanoTime();
            CompletableFuture<Optional<WorkTurn>> newer = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 2);

            assertThat(older.get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(System.nanoTime() - olderJoined).isGreaterThanOrEqualTo(timeout.toNanos());
            assertThat(newer).isNotDone();
            assertThat(newer.get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(System.nanoTime() - newerJoined).isGreaterThanOrEqualTo(timeout.toNanos());
            assertThat(work.waiting()).isZero();
        }
        working.leave();
        assertThat(work.enter()).isPresent();
    }

    /** An arrival that waits without a thread, recording what it was told. */
    private static final class Told implements BoundedWork.Arrival {
        final CompletableFuture<Optional<WorkTurn>> outcome = new CompletableFuture<>();

        @Override
        public void granted(WorkTurn turn) {
            assertThat(outcome.complete(Optional.of(turn))).as("told once").isTrue();
        }

        @Override
        public void refused() {
            assertThat(outcome.complete(Optional.empty())).as("told once").isTrue();
        }
    }

    @Test
    void aNewcomerFindingATurnFree_withoutAThread_getsItAtOnce_andIsToldNothing() {
        BoundedWork work = new BoundedWork(new WorkLimits(1, Duration.ofMinutes(5)));
        Told told = new Told();

        assertThat(work.enter(told)).isPresent();
        assertThat(told.outcome).isNotDone();
        assertThat(work.working()).isEqualTo(1);
    }

    @Test
    void aNewcomerWaitingWithoutAThread_getsATurnInArrivalOrder_besideThoseParkedOnThreads() throws Exception {
        BoundedWork work = new BoundedWork(new WorkLimits(1, Duration.ofMinutes(5)));
        WorkTurn working = work.enter().orElseThrow();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Optional<WorkTurn>> parked = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 1);
            Told told = new Told();
            assertThat(work.enter(told)).isEmpty();
            assertThat(work.waiting()).isEqualTo(2);

            working.leave();
            WorkTurn parkedTurn = parked.get(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(told.outcome).as("the older waiter went first").isNotDone();
            parkedTurn.leave();

            WorkTurn toldTurn = told.outcome.get(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(work.waiting()).isZero();
            assertThat(work.working()).isEqualTo(1);
            toldTurn.leave();
            assertThat(work.working()).isZero();
        }
    }

    @Test
    void aNewcomerWaitingWithoutAThread_whoseWaitRunsOut_isRefused_andLeavesTheQueue() throws Exception {
        BoundedWork work = new BoundedWork(new WorkLimits(1, Duration.ofMillis(50)));
        WorkTurn working = work.enter().orElseThrow();
        Told told = new Told();

        assertThat(work.enter(told)).isEmpty();

        assertThat(told.outcome.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(work.waiting()).isZero();
        working.leave();
        assertThat(work.working())
                .as("the turn given back was not handed to the departed waiter")
                .isZero();
    }

    @Test
    void aNewcomerThatMayNotWait_withoutAThread_isRefusedAtOnce() {
        BoundedWork work = new BoundedWork(new WorkLimits(1, Duration.ZERO));
        WorkTurn working = work.enter().orElseThrow();
        Told told = new Told();

        assertThat(work.enter(told)).isEmpty();

        assertThat(told.outcome).isCompletedWithValue(Optional.empty());
        working.leave();
    }

    // The queue's overload judgement, on a clock the tests move. Real waits are an hour (a waiter leaves only when let
    // in or shed), and the overloaded timeout is a minute of the test's clock.
    private static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final Duration OVERLOADED_TIMEOUT = Duration.ofMinutes(1);

    private final AtomicLong clock = new AtomicLong();

    private BoundedWork judgedWork() {
        return new BoundedWork(new WorkLimits(1, Duration.ofHours(1), INTERVAL, OVERLOADED_TIMEOUT), clock::get);
    }

    private void at(Duration sinceStart) {
        clock.set(sinceStart.toNanos());
    }

    @Test
    void aQueueThatStandsAndKeepsGrowing_isOverloaded_andItsWaitersOlderThanTheOverloadedTimeoutAreShed()
            throws Exception {
        BoundedWork work = judgedWork();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = surgingForTwoIntervalsAfterStanding(work, threads);
            assertThat(work.overloaded())
                    .as("the interval in which the queue formed is not judged, nor yet one surge after it")
                    .isFalse();
            CompletableFuture<Optional<WorkTurn>> oldest = clients.oldestWaiting();

            at(INTERVAL.multipliedBy(3));
            CompletableFuture<Optional<WorkTurn>> newer = CompletableFuture.supplyAsync(work::enter, threads);

            assertThat(oldest.get()).isEmpty();
            awaitWaitingExactly(work, 1);
            assertThat(work.overloaded()).isTrue();
            CompletableFuture<Optional<WorkTurn>> newest = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 2);
            clients.leave();
            WorkTurn newestsTurn = newest.get().orElseThrow();
            assertThat(newer).as("overloaded, the newest waiter goes first").isNotDone();
            newestsTurn.leave();
            assertThat(newer.get()).isPresent();
        }
    }

    /** Waiters are never shed here: their overloaded timeout is the hour of their queue timeout. */
    private BoundedWork judgedWorkKeepingItsWaiters() {
        return new BoundedWork(new WorkLimits(1, Duration.ofHours(1), INTERVAL, Duration.ofHours(1)), clock::get);
    }

    /**
     * A queue judged overloaded at {@code 3 × INTERVAL} and still at {@code 5 × INTERVAL} (nobody let in meanwhile),
     * then holding as many waiters as it keeps for its one turn.
     */
    private Clients overloadedForTwoIntervalsAndFull(BoundedWork work, java.util.concurrent.ExecutorService threads)
            throws Exception {
        Clients clients = surgingForTwoIntervalsAfterStanding(work, threads);
        for (int interval = 3; interval <= 5; interval++) {
            at(INTERVAL.multipliedBy(interval));
            clients.join(1);
            assertThat(work.overloaded()).isTrue();
        }
        clients.join(BoundedWork.OVERLOADED_WAITERS_PER_TURN - work.waiting());
        return clients;
    }

    @Test
    void aQueueOverloadedForTwoIntervalsHoldingItsWaitersPerTurn_turnsANewcomerAwayAtOnce_untilATurnIsGivenBack()
            throws Exception {
        BoundedWork work = judgedWorkKeepingItsWaiters();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = overloadedForTwoIntervalsAndFull(work, threads);
            assertThat(work.turnsAway()).as("the door, before dispatch").isTrue();

            // Waiting, it would wait out its hour behind newer waiters.
            Optional<WorkTurn> turnedAway =
                    CompletableFuture.supplyAsync(work::enter, threads).get(10, TimeUnit.SECONDS);

            assertThat(turnedAway).isEmpty();
            assertThat(work.waiting()).isEqualTo(BoundedWork.OVERLOADED_WAITERS_PER_TURN);
            clients.letInNewest(1); // a place in the queue frees
            assertThat(work.turnsAway()).isFalse();
            clients.letEveryoneInAsTheyGetTheirTurn();
        }
    }

    @Test
    void aQueueJudgedOverloadedLessThanTwoIntervalsAgo_turnsNobodyAway_norShedsAtTheFloodTimeout_aBurstStillArriving()
            throws Exception {
        // Measured: 5,000 streams opened at once were judged overloaded for one interval while the last of them
        // arrived (1,338 joined and 672 were let in), and let in entirely the next.
        BoundedWork work = judgedWorkWithAFloodTimeout();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = surgingForTwoIntervalsAfterStanding(work, threads);
            at(INTERVAL.multipliedBy(3));
            clients.join(1);
            assertThat(work.overloaded()).isTrue();

            at(INTERVAL.multipliedBy(4));
            clients.join(BoundedWork.OVERLOADED_WAITERS_PER_TURN + 4 - work.waiting());

            assertThat(work.overloaded()).isTrue();
            assertThat(work.turnsAway()).isFalse();
            assertThat(work.waiting())
                    .as("the oldest waited four intervals, more than the flood timeout: no flood yet")
                    .isEqualTo(BoundedWork.OVERLOADED_WAITERS_PER_TURN + 4);
            clients.letEveryoneInAsTheyGetTheirTurn();
        }
    }

    @Test
    void aQueueOverloadedForTwoIntervals_shedsItsOldestWaitersBeyondWhatItKeeps_atOnce() throws Exception {
        BoundedWork work = judgedWorkKeepingItsWaiters();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = surgingForTwoIntervalsAfterStanding(work, threads);
            at(INTERVAL.multipliedBy(3));
            clients.join(1);
            at(INTERVAL.multipliedBy(4));
            clients.join(BoundedWork.OVERLOADED_WAITERS_PER_TURN + 5 - work.waiting());
            List<CompletableFuture<Optional<WorkTurn>>> oldestFive = clients.oldest(5);

            at(INTERVAL.multipliedBy(5));
            clients.letInNewest(1);

            for (CompletableFuture<Optional<WorkTurn>> old : oldestFive) {
                assertThat(old.get(10, TimeUnit.SECONDS))
                        .as("they would have waited out their hour")
                        .isEmpty();
            }
            assertThat(work.waiting()).isEqualTo(BoundedWork.OVERLOADED_WAITERS_PER_TURN - 1);
            clients.letEveryoneInAsTheyGetTheirTurn();
        }
    }

    @Test
    void whereOnlyThePermitsTellAFlood_aQueueOverloadedForTwoIntervalsKeepsItsWaiters_untilThePermitsRunOut()
            throws Exception {
        // Measured: a burst of 5,000 streams reached a slow host over four seconds (1,431, 1,025, 1,499 and 1,029
        // joining against 376, 452, 296 and 605 let in), was judged overloaded by its surge, and two intervals later
        // was cut to 256 as a flood; it never ran the in-flight permits out, as every flood did within 1-2 s.
        BoundedWork work = new BoundedWork(
                new WorkLimits(1, Duration.ofHours(1), INTERVAL, Duration.ofHours(1)),
                clock::get,
                BoundedWork.Stalls.NEVER,
                BoundedWork.FloodSign.PERMITS_RAN_OUT);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = surgingForTwoIntervalsAfterStanding(work, threads);
            at(INTERVAL.multipliedBy(3));
            clients.join(1);
            at(INTERVAL.multipliedBy(4));
            clients.join(BoundedWork.OVERLOADED_WAITERS_PER_TURN + 6 - work.waiting());
            List<CompletableFuture<Optional<WorkTurn>>> oldestFive = clients.oldest(5);

            at(INTERVAL.multipliedBy(5));
            clients.letInNewest(1);

            assertThat(work.overloaded()).isTrue();
            assertThat(work.waiting())
                    .as("overloaded for two intervals, it keeps every waiter")
                    .isEqualTo(BoundedWork.OVERLOADED_WAITERS_PER_TURN + 5);
            assertThat(oldestFive).noneMatch(CompletableFuture::isDone);
            assertThat(work.turnsAway()).isFalse();

            work.shedBeforeJoining();
            at(INTERVAL.multipliedBy(6));
            clients.letInNewest(1);

            for (CompletableFuture<Optional<WorkTurn>> old : oldestFive) {
                assertThat(old.get(10, TimeUnit.SECONDS))
                        .as("the permits ran out while it stood: a flood, cut to what it keeps")
                        .isEmpty();
            }
            assertThat(work.waiting()).isEqualTo(BoundedWork.OVERLOADED_WAITERS_PER_TURN - 1);
            clients.letEveryoneInAsTheyGetTheirTurn();
        }
    }

    @Test
    void anOverloadWhoseTurnsAreStuckForTwoIntervals_whileTheDoorTurnsNewcomersAway_goesOn() throws Exception {
        // Thousands of waiters shed at once took the cores for seconds: nobody entered or left the queue, while the
        // door went on turning a flood away.
        BoundedWork work = judgedWorkKeepingItsWaiters();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = overloadedForTwoIntervalsAndFull(work, threads);
            for (int i = 0; i < 3; i++) {
                assertThat(work.turnsAway()).isTrue();
            }

            at(INTERVAL.multipliedBy(7));
            clients.letInNewest(1);

            assertThat(work.overloaded()).isTrue();
            clients.letEveryoneInAsTheyGetTheirTurn();
        }
    }

    @Test
    void aStandingQueueWhileRequestsAreShedForWantOfAnInFlightPermit_isAFlood_overloadedAndCutToCapacityAtOnce()
            throws Exception {
        // Measured: a flood's pile held all 10,000 in-flight permits 1-2 s in, while its queue was still judged at
        // capacity; it was judged overloaded 4-12 s in, and the pile waited out its timeouts meanwhile.
        BoundedWork work = judgedWorkKeepingItsWaiters();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = new Clients(work, threads);
            clients.join(BoundedWork.OVERLOADED_WAITERS_PER_TURN + 4);
            List<CompletableFuture<Optional<WorkTurn>>> oldestFour = clients.oldest(4);
            work.shedBeforeJoining();

            at(INTERVAL);
            Optional<WorkTurn> newcomer =
                    CompletableFuture.supplyAsync(work::enter, threads).get(10, TimeUnit.SECONDS);

            assertThat(work.overloaded())
                    .as("one interval, and no surge counted")
                    .isTrue();
            for (CompletableFuture<Optional<WorkTurn>> old : oldestFour) {
                assertThat(old.get(10, TimeUnit.SECONDS))
                        .as("they would have waited out their hour")
                        .isEmpty();
            }
            assertThat(work.waiting()).isEqualTo(BoundedWork.OVERLOADED_WAITERS_PER_TURN);
            assertThat(newcomer).as("turned away at once").isEmpty();
            assertThat(work.turnsAway()).as("and at the door").isTrue();
            clients.letEveryoneInAsTheyGetTheirTurn();
        }
    }

    /** Waiters wait out their hour unless a flood is recognised; then an interval and a half. */
    private static final Duration FLOOD_TIMEOUT = INTERVAL.multipliedBy(3).dividedBy(2);

    private BoundedWork judgedWorkWithAFloodTimeout() {
        return new BoundedWork(
                new WorkLimits(1, Duration.ofHours(1), INTERVAL, Duration.ofHours(1), Duration.ZERO, FLOOD_TIMEOUT),
                clock::get);
    }

    @Test
    void inAFlood_aWaiterThatHasWaitedTheFloodTimeout_isShedBeforeATurnIsGivenBack_notLetInLate() throws Exception {
        // Measured: newest first, the waiters a flood's newcomers passed over got their turns in its lulls, seconds
        // late: the admitted requests' tail (docs/benchmarks.md, session 34).
        BoundedWork work = judgedWorkWithAFloodTimeout();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = new Clients(work, threads);
            clients.join(BoundedWork.OVERLOADED_WAITERS_PER_TURN + 4);
            List<CompletableFuture<Optional<WorkTurn>>> passedOver =
                    clients.oldest(BoundedWork.OVERLOADED_WAITERS_PER_TURN + 4);
            work.shedBeforeJoining();
            at(INTERVAL);
            assertThat(CompletableFuture.supplyAsync(work::enter, threads).get(10, TimeUnit.SECONDS))
                    .as("a flood: kept to its capacity, newcomers turned away")
                    .isEmpty();
            clients.letInNewest(1);
            at(INTERVAL.plus(Duration.ofMinutes(4)));
            CompletableFuture<Optional<WorkTurn>> fresh = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaitingExactly(work, BoundedWork.OVERLOADED_WAITERS_PER_TURN);

            at(FLOOD_TIMEOUT.plus(Duration.ofMinutes(1)));
            clients.leave();

            WorkTurn freshTurn = fresh.get(10, TimeUnit.SECONDS).orElseThrow();
            long letIn = 0;
            for (CompletableFuture<Optional<WorkTurn>> old : passedOver) {
                Optional<WorkTurn> turn = old.get(10, TimeUnit.SECONDS);
                letIn += turn.isPresent() ? 1 : 0;
            }
            assertThat(letIn).as("only the one let in before its flood timeout").isEqualTo(1);
            assertThat(work.waiting()).isZero();
            freshTurn.leave();
            passedOver.forEach(old -> old.join().ifPresent(WorkTurn::leave));
        }
    }

    @Test
    void aFloodTimeoutLongerThanTheOverloadedTimeout_isTheOverloadedTimeout() {
        assertThat(new WorkLimits(
                                1,
                                Duration.ofSeconds(5),
                                Duration.ofSeconds(1),
                                Duration.ofMillis(10),
                                Duration.ZERO,
                                Duration.ofSeconds(1))
                        .floodTimeout())
                .isEqualTo(Duration.ofMillis(10));
        assertThatThrownBy(() -> new WorkLimits(
                        1,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5),
                        Duration.ZERO,
                        Duration.ofMillis(-1)))
                .hasMessageContaining("WORK_QUEUE_FLOOD_TIMEOUT_MS");
    }

    @Test
    void aShedForWantOfAnInFlightPermit_endsAnIntervalThatIsOver_thoughNobodyEntersOrLeavesTheQueue() throws Exception {
        BoundedWork work = judgedWorkKeepingItsWaiters();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = new Clients(work, threads);
            clients.join(BoundedWork.OVERLOADED_WAITERS_PER_TURN + 4);

            at(INTERVAL);
            work.shedBeforeJoining();
            assertThat(work.overloaded())
                    .as("the interval it ended saw no shed")
                    .isFalse();
            at(INTERVAL.multipliedBy(2));
            work.shedBeforeJoining();

            assertThat(work.overloaded()).isTrue();
            awaitWaitingExactly(work, BoundedWork.OVERLOADED_WAITERS_PER_TURN);
            clients.letEveryoneInAsTheyGetTheirTurn();
        }
    }

    @Test
    void aStandingQueueThatNeverRunsTheInFlightPermitsOut_asABurstOfStreams_isNotOverloadedByOneSurge()
            throws Exception {
        BoundedWork work = judgedWorkKeepingItsWaiters();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = new Clients(work, threads);
            clients.join(BoundedWork.OVERLOADED_WAITERS_PER_TURN + 4);
            clients.letIn(1);

            at(INTERVAL);
            clients.join(1);

            assertThat(work.overloaded()).isFalse();
            assertThat(work.waiting()).isEqualTo(BoundedWork.OVERLOADED_WAITERS_PER_TURN + 4);
            clients.letEveryoneIn();
        }
    }

    @Test
    void paidRequestsShedBeforeJoiningForWantOfAnInFlightPermit_countAsJoining_soTheirFloodIsNoLull() throws Exception {
        // Measured: with the in-flight permits all held by its pile, a flood reached the queue no more, and its turns'
        // holders were starved of the cores: for 2.2 s nobody joined or was let in, which ended the judgement.
        BoundedWork work = judgedWorkKeepingItsWaiters();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = new Clients(work, threads);
            clients.join(2);
            at(INTERVAL);
            clients.join(3);
            clients.letIn(1);
            at(INTERVAL.multipliedBy(2));
            clients.join(3);
            clients.letIn(1);
            for (int i = 0; i < 5; i++) {
                work.shedBeforeJoining();
            }

            at(INTERVAL.multipliedBy(5));
            clients.join(1);

            assertThat(work.overloaded())
                    .as("three intervals without an event at the queue, but 8 joined in effect and 1 was let in")
                    .isTrue();
            clients.letEveryoneInAsTheyGetTheirTurn();
        }
    }

    @Test
    void aQueueNotJudgedOverloaded_neverTurnsANewcomerAway_howeverManyWait() throws Exception {
        BoundedWork work = judgedWork();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = new Clients(work, threads);
            clients.join(BoundedWork.OVERLOADED_WAITERS_PER_TURN + 4);

            assertThat(work.overloaded()).isFalse();
            assertThat(work.turnsAway()).isFalse();
            clients.letEveryoneIn();
        }
    }

    @Test
    void newcomersTurnedAwayAtTheDoor_countAsJoining_soTheOverloadGoesOn() throws Exception {
        BoundedWork work = judgedWorkKeepingItsWaiters();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = overloadedForTwoIntervalsAndFull(work, threads);
            at(INTERVAL.multipliedBy(6));
            clients.letInNewest(1);
            clients.join(1);

            // Over this interval a flood comes to the door: one joins the full queue, fifty are turned away, four
            // are let in. Counted by those that joined alone (one against four), the overload would end.
            for (int i = 0; i < 50; i++) {
                assertThat(work.turnsAway()).isTrue();
            }
            clients.letInNewest(3);
            at(INTERVAL.multipliedBy(7));
            clients.join(1);

            assertThat(work.overloaded()).isTrue();
            clients.letEveryoneInAsTheyGetTheirTurn();
        }
    }

    @Test
    void aBurstStillArrivingThroughTheIntervalInWhichItsQueueFormed_isNotShed() throws Exception {
        BoundedWork work = judgedWork();
        WorkTurn working = work.enter().orElseThrow();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Optional<WorkTurn>> first = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 1);
            at(INTERVAL.minus(OVERLOADED_TIMEOUT));
            CompletableFuture<Optional<WorkTurn>> second = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 2);
            at(INTERVAL);
            CompletableFuture<Optional<WorkTurn>> third = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 3);

            assertThat(work.overloaded()).isFalse();
            working.leave();
            Optional<WorkTurn> firstsTurn = first.get();
            assertThat(firstsTurn)
                    .as("waited a whole interval, far beyond the overloaded timeout")
                    .isPresent();
            firstsTurn.orElseThrow().leave();
            second.get().orElseThrow().leave();
            assertThat(third.get()).isPresent();
        }
    }

    @Test
    void aBurstThatTheNodeDrains_keepsTheLongWait_thoughItsQueueStandsForIntervals() throws Exception {
        BoundedWork work = judgedWork();
        WorkTurn working = work.enter().orElseThrow();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Optional<WorkTurn>> oldest = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 1);
            CompletableFuture<Optional<WorkTurn>> middle = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 2);
            CompletableFuture<Optional<WorkTurn>> newest = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 3);

            at(INTERVAL);
            working.leave();
            WorkTurn oldestsTurn = oldest.get().orElseThrow();
            at(INTERVAL.multipliedBy(2));
            oldestsTurn.leave();
            WorkTurn middlesTurn = middle.get().orElseThrow();

            assertThat(work.overloaded())
                    .as("nothing joined while one was let in")
                    .isFalse();
            assertThat(newest)
                    .as("waited two intervals, far beyond the overloaded timeout")
                    .isNotDone();
            middlesTurn.leave();
            assertThat(newest.get()).isPresent();
        }
    }

    @Test
    void anOverload_endsWithAnIntervalThatLetsInAsManyAsJoined() throws Exception {
        BoundedWork work = judgedWork();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = surgingForTwoIntervalsAfterStanding(work, threads);
            at(INTERVAL.multipliedBy(3));
            CompletableFuture<Optional<WorkTurn>> newest = CompletableFuture.supplyAsync(work::enter, threads);
            while (!work.overloaded() || work.waiting() != 1) {
                Thread.onSpinWait();
            }

            at(INTERVAL.multipliedBy(3).plus(OVERLOADED_TIMEOUT.dividedBy(2)));
            clients.leave();
            WorkTurn newestsTurn = newest.get().orElseThrow();
            at(INTERVAL.multipliedBy(4));
            newestsTurn.leave();

            assertThat(work.overloaded()).isFalse();
        }
    }

    @Test
    void anOverload_goesOnThroughAnIntervalThatLetsInAsManyAsJoined_whileItsWaitersWouldNotDrainWithinTheQueueTimeout()
            throws Exception {
        // Measured: a node starved of CPU let few requests even reach its queue ("1 joined and 18 were let in over the
        // last 1015 ms, 3867 waiting"); judged no longer overloaded, its thousands waited in arrival order for 30 s.
        // Here the queue timeout is six intervals, and no waiter is old enough to be shed during the test.
        BoundedWork work =
                new BoundedWork(new WorkLimits(1, Duration.ofHours(1), INTERVAL, Duration.ofHours(1)), clock::get);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = new Clients(work, threads);
            clients.join(2);
            for (int interval = 1; interval <= 2; interval++) {
                at(INTERVAL.multipliedBy(interval));
                clients.join(6);
                clients.letIn(1);
            }
            at(INTERVAL.multipliedBy(3));
            CompletableFuture<Optional<WorkTurn>> newcomer = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaitingExactly(work, 13);
            assertThat(work.overloaded()).isTrue();
            clients.leave();
            WorkTurn newcomersTurn = newcomer.get().orElseThrow();

            at(INTERVAL.multipliedBy(4));
            CompletableFuture<Optional<WorkTurn>> next = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaitingExactly(work, 13);

            assertThat(work.overloaded())
                    .as("one joined and one was let in, but 12 waiting take 12 intervals at that rate, not 6")
                    .isTrue();
            newcomersTurn.leave();
            WorkTurn nextsTurn = next.get().orElseThrow();
            assertThat(clients.oldestWaiting()).as("still newest first").isNotDone();

            at(Duration.ofHours(10));
            nextsTurn.leave();
            assertThat(work.overloaded()).as("a lull ends it").isFalse();
            clients.letEveryoneIn();
        }
    }

    @Test
    void aQueueThatStandsButLetsInAboutAsManyAsJoin_asAClosedLoopAtCapacity_isNotOverloaded_andServedInTurn()
            throws Exception {
        BoundedWork work = judgedWork();
        WorkTurn aliceWorking = work.enter().orElseThrow();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Optional<WorkTurn>> bob = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 1);
            at(INTERVAL);
            // Over this interval three join and two are let in, each client sending again as it is answered.
            CompletableFuture<Optional<WorkTurn>> carol = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 2);
            aliceWorking.leave();
            WorkTurn bobWorking = bob.get().orElseThrow();
            CompletableFuture<Optional<WorkTurn>> aliceAgain = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 2);
            bobWorking.leave();
            WorkTurn carolWorking = carol.get().orElseThrow();
            CompletableFuture<Optional<WorkTurn>> bobAgain = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 2);

            at(INTERVAL.multipliedBy(2));
            CompletableFuture<Optional<WorkTurn>> dave = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 3);

            assertThat(work.overloaded()).as("three joined, two let in").isFalse();
            carolWorking.leave();
            WorkTurn aliceWorkingAgain = aliceAgain.get().orElseThrow();
            assertThat(bobAgain).as("in arrival order").isNotDone();
            assertThat(dave).isNotDone();
            aliceWorkingAgain.leave();
            bobAgain.get().orElseThrow().leave();
            assertThat(dave.get()).isPresent();
        }
    }

    @Test
    void aStallOfTheCoresWithoutANewcomerOrATurnGivenBack_isNoLull_theOverloadGoesOn() throws Exception {
        // Measured: a flood's trim of its pile took the cores for 2-3 s; nobody reached the queue meanwhile, the
        // overload ended, and the pile formed again (docs/benchmarks.md, session 34).
        AtomicLong stalledAt = new AtomicLong(-1);
        BoundedWork work = new BoundedWork(
                new WorkLimits(1, Duration.ofHours(1), INTERVAL, OVERLOADED_TIMEOUT),
                clock::get,
                since -> stalledAt.get() >= 0 && stalledAt.get() - since >= 0);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = surgingForTwoIntervalsAfterStanding(work, threads);
            at(INTERVAL.multipliedBy(3));
            CompletableFuture<Optional<WorkTurn>> newest = CompletableFuture.supplyAsync(work::enter, threads);
            while (!work.overloaded() || work.waiting() != 1) {
                Thread.onSpinWait();
            }

            stalledAt.set(INTERVAL.multipliedBy(5).toNanos());
            at(INTERVAL.multipliedBy(6));
            CompletableFuture<Optional<WorkTurn>> afterTheStall = CompletableFuture.supplyAsync(work::enter, threads);

            assertThat(newest.get(10, TimeUnit.SECONDS))
                    .as("still overloaded: shed, older than the overloaded timeout")
                    .isEmpty();
            awaitWaitingExactly(work, 1);
            assertThat(work.overloaded()).isTrue();
            clients.leave();
            afterTheStall.get(10, TimeUnit.SECONDS).orElseThrow().leave();
        }
    }

    @Test
    void anIntervalWithoutANewcomerOrATurnGivenBack_endsAnOverload() throws Exception {
        BoundedWork work = judgedWork();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = surgingForTwoIntervalsAfterStanding(work, threads);
            at(INTERVAL.multipliedBy(3));
            CompletableFuture<Optional<WorkTurn>> newest = CompletableFuture.supplyAsync(work::enter, threads);
            while (!work.overloaded() || work.waiting() != 1) {
                Thread.onSpinWait();
            }

            at(INTERVAL.multipliedBy(6));
            CompletableFuture<Optional<WorkTurn>> afterTheLull = CompletableFuture.supplyAsync(work::enter, threads);
            awaitWaiting(work, 2);

            assertThat(work.overloaded()).isFalse();
            assertThat(newest)
                    .as("waited three intervals, kept as the queue is no longer overloaded")
                    .isNotDone();
            clients.leave();
            newest.get().orElseThrow().leave();
            assertThat(afterTheLull.get()).isPresent();
        }
    }

    @Test
    void anIntervalInWhichNobodyWasLetIn_isNoSurge_theTurnsHoldersWereStuck() throws Exception {
        // Measured: for the first 3 s of a 5,000-stream burst the node let nobody in (the new connections kept the
        // cores from the turns' holders); judged a surge, it shed the burst.
        BoundedWork work = judgedWork();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = new Clients(work, threads);
            clients.join(2);
            for (int interval = 1; interval <= 3; interval++) {
                at(INTERVAL.multipliedBy(interval));
                clients.join(3);
            }
            at(INTERVAL.multipliedBy(4));
            clients.letIn(1);

            assertThat(work.overloaded()).isFalse();
            assertThat(clients.oldestWaiting())
                    .as("waited four intervals, far beyond the overloaded timeout")
                    .isNotDone();
            clients.letEveryoneIn();
        }
    }

    /**
     * A queue that formed in the first interval, then surged in the next two (three joined, one let in): judged
     * overloaded at the first event of the fourth, at {@code 3 × INTERVAL}.
     */
    private Clients surgingForTwoIntervalsAfterStanding(BoundedWork work, java.util.concurrent.ExecutorService threads)
            throws Exception {
        Clients clients = new Clients(work, threads);
        clients.join(2);
        for (int interval = 1; interval <= 2; interval++) {
            at(INTERVAL.multipliedBy(interval));
            clients.join(3);
            clients.letIn(1);
        }
        return clients;
    }

    @Test
    void aBurstArrivingInWaves_aSurgeThenADrain_isNeverOverloaded_andItsOldestWaiterKeepsTheLongWait()
            throws Exception {
        // Measured: 5,000 streams opened at once reached the node in waves over about 15 s (619 joined, then 170, 406,
        // 35, 1,024, 54 ... a second), each surge followed by a second in which the node let in more than joined.
        BoundedWork work = judgedWork();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = new Clients(work, threads);
            clients.join(1);
            at(INTERVAL);
            clients.join(4);
            at(INTERVAL.multipliedBy(2));
            clients.join(1);
            clients.letIn(3);
            at(INTERVAL.multipliedBy(3));
            clients.join(4);
            at(INTERVAL.multipliedBy(4));
            clients.letIn(1);

            assertThat(work.overloaded()).isFalse();
            assertThat(clients.oldestWaiting())
                    .as("waited four intervals, far beyond the overloaded timeout")
                    .isNotDone();
            clients.letEveryoneIn();
        }
    }

    @Test
    void aQueueCreepingATenthMoreThanItLetsIn_isOverloadedAfterThreeIntervals_notTwo() throws Exception {
        // 8 join for every 6 let in: not a surge (half as many again), but it grows every interval without end.
        BoundedWork work = judgedWork();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = new Clients(work, threads);
            clients.join(8);
            for (int interval = 1; interval <= 3; interval++) {
                at(INTERVAL.multipliedBy(interval));
                clients.join(8);
                clients.letIn(6);
                assertThat(work.overloaded())
                        .as("the queue stood, then crept for %d interval(s)", interval - 1)
                        .isFalse();
            }
            aNewcomerFindsItOverloaded_andItsOldestWaiterShed(INTERVAL.multipliedBy(4), work, clients, threads);
        }
    }

    /**
     * At {@code when} a newcomer's arrival ends the interval: the queue is judged overloaded, its oldest waiter (older
     * than the overloaded timeout) is shed and the newcomer alone waits.
     */
    private void aNewcomerFindsItOverloaded_andItsOldestWaiterShed(
            Duration when, BoundedWork work, Clients clients, java.util.concurrent.ExecutorService threads)
            throws Exception {
        CompletableFuture<Optional<WorkTurn>> oldest = clients.oldestWaiting();

        at(when);
        CompletableFuture<Optional<WorkTurn>> newcomer = CompletableFuture.supplyAsync(work::enter, threads);

        assertThat(oldest.get(10, TimeUnit.SECONDS))
                .as("older than the overloaded timeout: shed")
                .isEmpty();
        awaitWaitingExactly(work, 1);
        assertThat(work.overloaded()).isTrue();
        clients.letEveryoneIn();
        newcomer.get().orElseThrow().leave();
    }

    // A keep-alive flood: as many clients join each interval as are let in, and each has waited a whole interval.
    private BoundedWork workJudgingStandingWaits(Duration standingWait) {
        return new BoundedWork(
                new WorkLimits(1, Duration.ofHours(1), INTERVAL, OVERLOADED_TIMEOUT, standingWait), clock::get);
    }

    @Test
    void aQueueThatDoesNotGrowButMakesEveryWaiterWaitTheStandingWait_isOverloadedAfterTwoIntervals() throws Exception {
        BoundedWork work = workJudgingStandingWaits(INTERVAL);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = new Clients(work, threads);
            clients.join(4);
            for (int interval = 1; interval <= 2; interval++) {
                at(INTERVAL.multipliedBy(interval));
                clients.join(4);
                clients.letIn(4);
                assertThat(work.overloaded())
                        .as("as many joined as were let in, each after an interval, for %d interval(s)", interval - 1)
                        .isFalse();
            }
            aNewcomerFindsItOverloaded_andItsOldestWaiterShed(INTERVAL.multipliedBy(3), work, clients, threads);
        }
    }

    @Test
    void aQueueThatDoesNotGrow_whoseWaitersWaitLessThanTheStandingWait_isNotOverloaded_andServedInTurn()
            throws Exception {
        BoundedWork work = workJudgingStandingWaits(INTERVAL.multipliedBy(2));
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = new Clients(work, threads);
            clients.join(4);
            for (int interval = 1; interval <= 4; interval++) {
                at(INTERVAL.multipliedBy(interval));
                clients.join(4);
                clients.letIn(4); // in arrival order, or a let-in waiter would not be the one expected
            }

            assertThat(work.overloaded())
                    .as("each waited one interval, half the standing wait")
                    .isFalse();
            clients.letEveryoneIn();
        }
    }

    @Test
    void aQueueThatMakesEveryWaiterWaitTheStandingWait_butDrains_isNotOverloaded() throws Exception {
        BoundedWork work = workJudgingStandingWaits(INTERVAL);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Clients clients = new Clients(work, threads);
            clients.join(12);
            for (int interval = 1; interval <= 4; interval++) {
                at(INTERVAL.multipliedBy(interval));
                clients.join(3); // fewer than nine tenths of those let in: the tail of a burst
                clients.letIn(4);
            }

            assertThat(work.overloaded()).as("3 joined for every 4 let in").isFalse();
            clients.letEveryoneIn();
        }
    }

    /** Clients of one turn: they join the queue, and are let in one at a time in arrival order. */
    private static final class Clients {
        private final BoundedWork work;
        private final java.util.concurrent.ExecutorService threads;
        private final java.util.Deque<CompletableFuture<Optional<WorkTurn>>> waiting = new java.util.ArrayDeque<>();
        private WorkTurn working;

        Clients(BoundedWork work, java.util.concurrent.ExecutorService threads) {
            this.work = work;
            this.threads = threads;
            this.working = work.enter().orElseThrow();
        }

        void join(int newcomers) {
            for (int i = 0; i < newcomers; i++) {
                int before = work.waiting();
                waiting.addLast(CompletableFuture.supplyAsync(work::enter, threads));
                awaitWaiting(work, before + 1);
            }
        }

        void letIn(int clients) throws Exception {
            for (int i = 0; i < clients; i++) {
                CompletableFuture<Optional<WorkTurn>> next = waiting.pollFirst();
                working.leave();
                working = next.get().orElseThrow();
            }
        }

        /** The {@code count} oldest of those that joined. */
        List<CompletableFuture<Optional<WorkTurn>>> oldest(int count) {
            return waiting.stream().limit(count).toList();
        }

        /** Overloaded, turns go to the newest waiters: each in turn gets one as the client at work leaves. */
        void letInNewest(int clients) throws Exception {
            for (int i = 0; i < clients; i++) {
                CompletableFuture<Optional<WorkTurn>> newest = waiting.pollLast();
                working.leave();
                working = newest.get(10, TimeUnit.SECONDS).orElseThrow();
            }
        }

        /**
         * Newest first, the waiters get their turns in no order this test can follow: each leaves as it gets one,
         * those shed meanwhile have left already.
         */
        void letEveryoneInAsTheyGetTheirTurn() throws Exception {
            working.leave();
            java.util.List<CompletableFuture<Optional<WorkTurn>>> left = new java.util.ArrayList<>(waiting);
            while (!left.isEmpty()) {
                CompletableFuture.anyOf(left.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
                for (var iterator = left.iterator(); iterator.hasNext(); ) {
                    CompletableFuture<Optional<WorkTurn>> waiter = iterator.next();
                    if (waiter.isDone()) {
                        waiter.get().ifPresent(WorkTurn::leave);
                        iterator.remove();
                    }
                }
            }
        }

        /** The client at work leaves, giving its turn back. */
        void leave() {
            working.leave();
        }

        /** Each waiter still waiting gets its turn and leaves; those shed meanwhile have left already. */
        void letEveryoneIn() throws Exception {
            working.leave();
            for (CompletableFuture<Optional<WorkTurn>> waiter : waiting) {
                waiter.get().ifPresent(WorkTurn::leave);
            }
        }

        CompletableFuture<Optional<WorkTurn>> oldestWaiting() {
            return waiting.peekFirst();
        }
    }

    private static void awaitWaitingExactly(BoundedWork work, int waiters) {
        awaitWaiting(work, waiters, () -> work.waiting() == waiters);
    }

    private static void awaitWaiting(BoundedWork work, int waiters) {
        awaitWaiting(work, waiters, () -> work.waiting() >= waiters);
    }

    /** Spins until {@code reached}; a test whose queue never gets there fails after ten seconds instead of hanging. */
    private static void awaitWaiting(BoundedWork work, int waiters, java.util.function.BooleanSupplier reached) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!reached.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(work.waiting() + " waiting, expected " + waiters);
            }
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
    void anOverloadedTimeoutLongerThanTheQueueTimeout_isTheQueueTimeout() {
        assertThat(new WorkLimits(1, Duration.ZERO, Duration.ofSeconds(1), Duration.ofMillis(10)).overloadedTimeout())
                .isZero();
    }

    @Test
    void aBoundBelowOne_orANegativeWait_isRefusedWithItsSettingsName() {
        assertThatThrownBy(() -> new WorkLimits(0, Duration.ZERO)).hasMessageContaining("MAX_WORKING_REQUESTS");
        assertThatThrownBy(() -> new WorkLimits(1, Duration.ofMillis(-1)))
                .hasMessageContaining("WORK_QUEUE_TIMEOUT_MS");
        assertThatThrownBy(() -> new WorkLimits(1, Duration.ofSeconds(5), Duration.ofMillis(-1), Duration.ZERO))
                .hasMessageContaining("WORK_QUEUE_INTERVAL_MS");
        assertThatThrownBy(() -> new WorkLimits(1, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMillis(-1)))
                .hasMessageContaining("WORK_QUEUE_OVERLOAD_TIMEOUT_MS");
    }
}

package io.routstr.gateway.persistence.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit of the paid path's single statements (a plain key's hold, a settlement, a release): the statements of
 * concurrent callers run one after another on one connection, in one transaction, committed once, so that one WAL
 * flush serves many requests instead of one, and one key's requests no longer pass one flush at a time.
 *
 * <p>Leader and followers, without a timer or a sleep: a caller queues its statement, and the first caller that finds
 * no batch running becomes the leader: it hands the queue's head (up to {@link #MAX_BATCH} statements) to the writer's
 * own platform thread and waits for its statement like any other caller; the writer runs that batch, then whatever
 * queued meanwhile, batch after batch, until the queue is empty, and then gives the lead back (the next caller to queue
 * leads). A lone caller finds only its own statement in the queue, and the writer runs it alone, in its own
 * transaction or autocommitted, as it would run without group commit, so it waits for nobody. One batch runs at a time
 * on a writer, so two of its batches never lock the same rows in opposite orders. Why a platform thread: a batch is one round trip to PostgreSQL
 * per statement, and the thread that sent a statement must run again to read its answer and send the next; a virtual
 * thread gets that turn only after every other virtual thread ready to run (on a loaded node, the requests' threads),
 * once per statement and again between batches (and a lone statement run on its caller's virtual thread kept the lead
 * that long: in a burst that kept every newcomer waiting as long as the cores lagged), while the operating system wakes
 * a platform thread blocked on its socket as soon as the answer arrives ({@code
 * WriterThroughput} on a busy machine, with the carriers kept busy: 51–76 statements a second on the leader's virtual
 * thread, 412–1,276 on the writer's; with idle carriers the two are alike).
 *
 * <p>Failures: a batch that cannot get a connection within the pool's wait fails every statement in it with that
 * exception (nothing ran; callers treat it as they treat a failed wait today: a hold is refused with 503, a settlement
 * asks again, a release asks again while the pool is busy but not while the database refuses connections). Any other
 * failure inside the batch (a deadlock with another node's transaction that PostgreSQL resolved by aborting ours, a
 * constraint violation, a check that would have rolled a statement back alone, a lost connection) rolls the whole batch
 * back, and each caller then runs its statement alone, on its own thread, exactly as without group commit: a failed
 * batch never fails a caller that would have succeeded alone.
 *
 * <p>Durability and money: a caller gets its statement's result only after the batch's COMMIT returned, the same moment
 * it got it when its statement committed on its own, so a crash at any point leaves each statement either committed
 * (its caller may have been answered) or not (its caller was not answered): the argument of one commit per request,
 * unchanged. Each statement moves money as it always did (conditional updates, the reservation's compare-and-set),
 * seeing the effects of the statements before it in the batch as it would have seen them committed, so no msat is
 * created or lost and nothing is done twice; a batch that fails is rolled back whole before its statements are run
 * again, and a statement run again alone is the same idempotent step (a settlement or release of a reservation already
 * final changes nothing; a hold's reservation id is the same, so a hold that did commit cannot be taken twice). When a
 * COMMIT fails without saying whether it took effect, each caller's second try tells it, as a lone statement's
 * failed commit would have left its caller in doubt.
 *
 * <p>The flush: a commit waits for the disk unless every statement of its transaction is a call of a kind that
 * {@linkplain Combinable#leavesFlush leaves its flush} (the paid path's hold: nothing it pays for reaches a client before
 * the settlement's commit, or a stream's flush, has waited for the disk, and PostgreSQL writes its log in order, so that
 * commit flushes the hold too). A crash of PostgreSQL may then lose such a commit, but only together with every commit
 * after it; its caller was answered, and finds out at its next step (a settlement of a hold that is gone).
 *
 * <p>Several writers ({@code DATABASE_GROUP_COMMIT_WRITERS}): each has its own queue, lead, platform thread and
 * connection, and a statement goes to the writer its {@link WriterBucket} names, which its caller takes from the billing
 * key whose row it locks (a reservation's id names its billing key's bucket, also when the application opens the
 * reservation, as an {@code X-Cashu} request does: it draws the id from the adapter). So a key's statements meet in one
 * writer's batches (one hot key's requests still share commits), two writers never lock the same key's row (no two of
 * this node's batches wait for each other's rows, so none deadlock), and a round trip that stalls (a backend waiting
 * for a core, a slow WAL flush) holds up only the keys of its own writer, not every paid request of the node.
 *
 * <p>One statement for many calls: a statement given as a {@link Call} of a {@link Combinable} kind (the paid path's
 * hold and settlement) runs with the batch's other calls of its kind as one set-based statement, whose parameters are
 * arrays with an element per call: one round trip, and one start of PostgreSQL's executor, one reading of the tables'
 * check constraints and one update per key row for all of them, where each statement alone paid for those again (a
 * profile of PostgreSQL at 64 connections: executor start 29 % and check constraints 15 % of its CPU, docs/benchmarks.md,
 * session 13). The set-based statement does only what it can decide for all its calls at once and exactly as they
 * would have alone (a hold that fits the key's balance after the holds before it, a settlement whose cost is within its
 * hold); it leaves a call it cannot decide so (a key that is not plain, a hold that would not fit, a reservation not
 * active) to its single statement, which runs after it. The kinds' statements (a lone call of a kind: its single
 * statement) go to PostgreSQL as one compound, {@code part; part}, in one round trip. A batch of calls only (the paid
 * path's usual batch) sends it as its own transaction, {@code BEGIN; part; part; COMMIT}, in one text, so the batch
 * costs one round trip, commit included, and a part that fails rolls back the parts before it (the batch then runs
 * alone, as below); a call left undecided then runs alone on its caller's thread. A batch with other statements runs
 * them first in a transaction, then the compound and the calls left undecided in it, then commits. The calls come
 * from concurrent callers, so any order is one they could have had.
 *
 * <p>Turned off ({@code DATABASE_GROUP_COMMIT=false}), every statement runs alone.
 */
public final class GroupCommit implements AutoCloseable {

    /**
     * Statements in one batch at most. Within a batch every row it touches stays locked until its COMMIT, and the
     * statements at the queue's head wait for the whole batch: 256 statements of about 0.1 ms each hold a batch open
     * for a few tens of milliseconds, while the commit's cost is already shared 256 ways (under 0.4 % of a commit per
     * statement); larger batches would lengthen the waits and the work redone when a batch fails, and gain nothing.
     */
    static final int MAX_BATCH = 256;

    /** How long {@link #close()} waits for a batch running on a writer's thread. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    /** How long the writer's thread outlives its last batch. */
    private static final Duration WRITER_IDLE = Duration.ofSeconds(30);

    /** Outcome of a statement whose batch failed: its caller runs it alone. */
    private static final Object RUN_ALONE = new Object();

    /** Outcome of a statement that returned {@code null}. */
    private static final Object NULL = new Object();

    /**
     * The first part of a compound whose commit need not wait for the disk: {@code synchronous_commit} off for its own
     * transaction only ({@code set_config}'s local flag), so the connection goes back to the pool unchanged.
     */
    private static final String LEAVE_FLUSH = "SELECT set_config('synchronous_commit', 'off', true)";

    private final boolean enabled;
    /** Whether a commit of calls that {@linkplain Combinable#leavesFlush leave their flush} may leave it. */
    private final boolean flushesLeft;

    /**
     * Told how long each run of a writer took (a batch, or a statement alone), in nanoseconds: from taking it off the
     * queue to answering its callers, its commit included. Every paid answer waits for one such run that flushes to
     * disk, so their tail is the paid path's tail whenever the disk's flushes stall.
     */
    private final LongConsumer runTimes;

    private final DataSource dataSource;
    /** Runs a {@link Call} by itself. */
    private final JdbcClient jdbc;
    /** Says a failed compound's {@link SQLException} as {@link #jdbc} says a failed statement's. */
    private final SQLExceptionTranslator translator;

    private final TransactionTemplate batchTx;
    private final boolean ownThread;
    private final Lane[] lanes;

    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private final AtomicLong batchNanos = new AtomicLong();
    private final AtomicLong combined = new AtomicLong();
    private final AtomicLong leftOver = new AtomicLong();
    private final AtomicLong busyNanos = new AtomicLong();

    /**
     * One writer. {@code dataSource} must be the one the statements use: a statement joins the batch's transaction
     * through the connection bound to the leader's thread for it.
     */
    public GroupCommit(DataSource dataSource, boolean enabled) {
        this(dataSource, enabled, 1);
    }

    /** {@code writers} writers, each statement on the one its bucket names ({@code DATABASE_GROUP_COMMIT_WRITERS}). */
    public GroupCommit(DataSource dataSource, boolean enabled, int writers) {
        this(dataSource, enabled, writers, true, true, nanos -> {});
    }

    /**
     * As {@link #GroupCommit(DataSource, boolean, int)}; with {@code flushesLeft} false every commit waits for the disk,
     * also those of kinds that could leave their flush ({@code DATABASE_HOLD_WAITS_FOR_DISK=true}).
     */
    public GroupCommit(DataSource dataSource, boolean enabled, int writers, boolean flushesLeft) {
        this(dataSource, enabled, writers, true, flushesLeft, nanos -> {});
    }

    /** As {@link #GroupCommit(DataSource, boolean, int, boolean)}, telling {@code runTimes} how long each run took. */
    public GroupCommit(
            DataSource dataSource, boolean enabled, int writers, boolean flushesLeft, LongConsumer runTimes) {
        this(dataSource, enabled, writers, true, flushesLeft, runTimes);
    }

    /**
     * With {@code ownThread} false, a batch runs on its leader's thread (how the writer ran before it had a thread of
     * its own; {@code WriterThroughput} compares the two).
     */
    GroupCommit(DataSource dataSource, boolean enabled, boolean ownThread) {
        this(dataSource, enabled, 1, ownThread, true, nanos -> {});
    }

    private GroupCommit(
            DataSource dataSource,
            boolean enabled,
            int writers,
            boolean ownThread,
            boolean flushesLeft,
            LongConsumer runTimes) {
        if (writers < 1 || writers > WriterBucket.COUNT) {
            throw new IllegalArgumentException("group commit writers: 1 to " + WriterBucket.COUNT + ", not " + writers);
        }
        this.enabled = enabled;
        this.flushesLeft = flushesLeft;
        this.runTimes = Objects.requireNonNull(runTimes, "runTimes");
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        // The translator JdbcClient uses by default for this data source.
        this.translator = new SQLErrorCodeSQLExceptionTranslator(dataSource);
        this.ownThread = ownThread;
        this.batchTx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        // The batch is a transaction of its own even if a caller's thread had one open.
        this.batchTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.lanes = new Lane[writers];
        for (int i = 0; i < writers; i++) {
            lanes[i] = new Lane(writers == 1 ? "group-commit-writer" : "group-commit-writer-" + i);
        }
    }

    /** How many writers the statements are spread over. */
    public int writers() {
        return lanes.length;
    }

    /** Whether statements are grouped ({@code DATABASE_GROUP_COMMIT}). */
    public boolean enabled() {
        return enabled;
    }

    /** Statements waiting for a batch now, on every writer. */
    public int queued() {
        int queued = 0;
        for (Lane lane : lanes) {
            queued += lane.queued.get();
        }
        return queued;
    }

    /**
     * How long the writers keep statements waiting now (the longest over the writers): the longer of the wait so far of the statement at the queue's
     * head (under a backlog, about what a newcomer will wait: the queue is served in order) and the time the batch
     * running now has run (one waiting for a row another node holds keeps everyone behind it waiting). Measured, not
     * predicted, so a cold start's slow first statements do not count once they are done. The signal by which a node
     * sheds newcomers when its writes, not its requests, are the bottleneck.
     */
    public Duration currentWait() {
        long now = System.nanoTime();
        long waited = 0;
        // The longest of the writers': a key whose writer stalls is as stuck as if it were the only writer.
        for (Lane lane : lanes) {
            long running = lane.batchStarted;
            Pending<?> head = lane.queue.peek();
            waited = Math.max(
                    waited, Math.max(running == 0 ? 0 : now - running, head == null ? 0 : now - head.queuedAt));
        }
        return Duration.ofNanos(Math.max(0, waited));
    }

    /** Transactions committed by the writer: one per batch, one per statement run alone. */
    public long commits() {
        return commits.get();
    }

    /** Statements the writer ran and committed, in batches or alone. */
    public long statements() {
        return statements.get();
    }

    /** Time spent running batches (from taking them off the queue to answering their callers), in nanoseconds. */
    long batchNanos() {
        return batchNanos.get();
    }

    /**
     * Seconds the writers spent running batches and lone statements, summed over the writers: near the elapsed time
     * (times the writers), the writers are the node's bottleneck.
     */
    public double busySeconds() {
        return busyNanos.get() / 1e9;
    }

    /** Set-based statements run, each for several calls of one kind. */
    long combined() {
        return combined.get();
    }

    /**
     * Calls a set-based statement left to their single statement, run after it (in the batch's transaction, or alone
     * on their callers' threads after an autocommitted compound).
     */
    long leftOver() {
        return leftOver.get();
    }

    /** Batches rolled back whose statements were then run alone. */
    public long failedBatches() {
        return failedBatches.get();
    }

    /**
     * Runs {@code statement} in a batch with those of concurrent callers and returns its result once the batch has
     * committed; runs {@code alone} instead (on its own connection, in its own transaction or autocommitted) when no
     * other statement waits, when group commit is off, or when the batch failed. {@code statement} must not commit,
     * must leave the connection usable when it throws, and throws where it would have rolled back alone. It runs on the
     * writer {@code bucket} names: the bucket of every key row the statement may lock (see {@link WriterBucket}).
     */
    <T> T run(WriterBucket bucket, Supplier<T> statement, Supplier<T> alone) {
        if (!enabled) {
            T result = alone.get();
            commits.incrementAndGet();
            statements.incrementAndGet();
            return result;
        }
        return lanes[bucket.value() % lanes.length].run(statement, alone);
    }

    /**
     * {@link #run(WriterBucket, Supplier, Supplier)} for a statement the writer may run together with the batch's other
     * calls of its kind, as one statement; alone (a batch of one, group commit off, a failed batch) it runs by itself,
     * autocommitted.
     */
    <T> T run(WriterBucket bucket, Call<T> call) {
        Supplier<T> alone = () -> runSingle(call);
        if (!enabled) {
            return run(bucket, alone, alone);
        }
        // A batch of one runs it as {@code alone}; in a larger batch the writer combines it (the statement is unused).
        return lanes[bucket.value() % lanes.length].run(new Pending<>(alone, alone, call));
    }

    /**
     * Two calls of one caller queued together, {@code first} ahead of {@code second}, so that a lone caller's pair is
     * one batch: one compound, one round trip and one commit for both (a settlement and the hold for the key's next
     * request). In a larger batch each joins its kind's set-based statement, as any call; the pair is one entry of the
     * queue, so a batch takes both or neither. Each result is read from the answer as its call alone would have said it (its
     * exception included); a second call whose batch failed, to be run again alone, is run only if its caller asks.
     */
    <A, B> Pair<A, B> runPair(WriterBucket bucket, Call<A> first, Call<B> second) {
        Pending<A> one = new Pending<>(() -> runSingle(first), () -> runSingle(first), first);
        Pending<B> two = new Pending<>(() -> runSingle(second), () -> runSingle(second), second);
        if (!enabled) {
            if (one.runAlone(this::countAlone)) {
                two.runAlone(this::countAlone);
            } else {
                two.finish(RUN_ALONE); // not run: its caller, told the first failed, does not want it
            }
        } else {
            lanes[bucket.value() % lanes.length].runAll(List.of(one, two));
        }
        return new Pair<>(one, two);
    }

    /** What became of a {@link #runPair pair} of calls. */
    static final class Pair<A, B> {

        private final Pending<A> first;
        private final Pending<B> second;

        private Pair(Pending<A> first, Pending<B> second) {
            this.first = first;
            this.second = second;
        }

        /** The first call's result, or its exception; run alone now if its batch failed. */
        A first() {
            return first.result();
        }

        /** The second call's result, or its exception; run alone now if its batch failed. */
        B second() {
            return second.result();
        }

        /**
         * The second call's result if it was committed with its batch, without running it when it was not (its batch
         * failed or could not start): for a caller that no longer wants it, and must undo it if it took effect.
         */
        Optional<B> secondIfCommitted() {
            if (!second.committed()) {
                return Optional.empty();
            }
            return Optional.ofNullable(second.result());
        }
    }

    /** {@link #run(WriterBucket, Supplier, Supplier)} on the first writer. */
    <T> T run(Supplier<T> statement, Supplier<T> alone) {
        return run(WriterBucket.FIRST, statement, alone);
    }

    /**
     * Lets the writers' threads end, waiting up to {@link #CLOSE_WAIT} for a batch running on one to finish: its callers
     * are answered before the batch's run is reported, so without the wait the pool could close under a report, or a
     * commit, still under way. Batches led afterwards run on their leader's thread.
     */
    @Override
    public void close() {
        for (Lane lane : lanes) {
            if (lane.writer != null) {
                lane.writer.shutdown();
            }
        }
        boolean interrupted = false;
        for (Lane lane : lanes) {
            if (lane.writer != null) {
                try {
                    lane.writer.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** One writer: its queue, its lead and its platform thread. */
    private final class Lane {

        private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger queued = new AtomicInteger();
        private final AtomicBoolean leading = new AtomicBoolean();
        /** The writer's platform thread, or {@code null} when batches run on their leader's thread. */
        private final ThreadPoolExecutor writer;
        /** When the batch running now started ({@link System#nanoTime()}), or 0 when none runs. */
        private volatile long batchStarted;

        Lane(String threadName) {
            if (ownThread) {
                this.writer = new ThreadPoolExecutor(
                        1,
                        1,
                        WRITER_IDLE.toSeconds(),
                        TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(),
                        Thread.ofPlatform().name(threadName).daemon().factory());
                this.writer.allowCoreThreadTimeOut(true);
            } else {
                this.writer = null;
            }
        }

        <T> T run(Supplier<T> statement, Supplier<T> alone) {
            return run(new Pending<>(statement, alone, null));
        }

        <T> T run(Pending<T> mine) {
            runAll(List.of(mine));
            return mine.result();
        }

        /**
         * Queues {@code mine} in their order, as one entry that a batch takes whole (so a pair is never split over two
         * batches), and waits until every one of them is finished.
         */
        void runAll(List<Pending<?>> mine) {
            for (int i = 0; i + 1 < mine.size(); i++) {
                mine.get(i).follower = mine.get(i + 1);
            }
            queued.addAndGet(mine.size());
            queue.offer(mine.getFirst());
            boolean interrupted = false;
            try {
                while (!finished(mine)) {
                    if (leading.compareAndSet(false, true)) {
                        boolean handedOver = false;
                        try {
                            if (!finished(mine)) {
                                handedOver = lead();
                            }
                        } finally {
                            if (!handedOver) {
                                release();
                            }
                        }
                    } else {
                        LockSupport.park(this);
                        // The statement may be in a batch already: it cannot be abandoned, so the wait goes on.
                        interrupted |= Thread.interrupted();
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private static boolean finished(List<Pending<?>> pendings) {
            for (Pending<?> pending : pendings) {
                if (!pending.finished()) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Hands the queue's head to the writer's thread, which then runs the batches queued behind it too and releases the
         * lead itself; whether the lead was handed over so (without a writer's thread, the leader runs the head itself).
         */
        private boolean lead() {
            List<Pending<?>> batch = nextBatch();
            if (batch.isEmpty()) {
                return false;
            }
            if (writer != null) {
                try {
                    writer.execute(() -> drain(batch));
                    return true;
                } catch (RejectedExecutionException closed) {
                    // Closed: the leader runs it.
                }
            }
            run(batch);
            return false;
        }

        /**
         * On the writer's thread: runs {@code first}, then whatever queued meanwhile, batch after batch, until the queue is
         * empty, then releases the lead. Between two batches nothing waits for a virtual thread's turn.
         */
        private void drain(List<Pending<?>> first) {
            try {
                for (List<Pending<?>> batch = first; !batch.isEmpty(); batch = nextBatch()) {
                    run(batch);
                }
            } finally {
                release();
            }
        }

        /** Takes the queue's head, up to {@link #MAX_BATCH} entries (an entry's followers with it). */
        private List<Pending<?>> nextBatch() {
            List<Pending<?>> batch = new ArrayList<>();
            for (Pending<?> next; batch.size() < MAX_BATCH && (next = queue.poll()) != null; ) {
                for (Pending<?> taken = next; taken != null; taken = taken.follower) {
                    batch.add(taken);
                }
            }
            queued.addAndGet(-batch.size());
            return batch;
        }

        private void run(List<Pending<?>> batch) {
            long started = System.nanoTime();
            batchStarted = started;
            try {
                if (batch.size() == 1) {
                    // Nothing to share a commit with: the statement runs as it would without group commit.
                    batch.getFirst().runAlone(GroupCommit.this::countAlone);
                } else {
                    runBatch(batch);
                    batchNanos.addAndGet(System.nanoTime() - started);
                }
            } finally {
                long took = System.nanoTime() - started;
                busyNanos.addAndGet(took);
                // Even if the batch failed outside its transaction: a batch that stays "running" would shed every
                // newcomer. Cleared before the run is reported, so that a failing report cannot leave it set.
                batchStarted = 0;
                runTimes.accept(took);
            }
        }

        /**
         * Ends a lead. Whoever queued while it ran leads next: released first, then looked at, so a caller that queued
         * after the look finds no leader and leads itself.
         */
        private void release() {
            leading.set(false);
            Pending<?> next = queue.peek();
            if (next != null) {
                LockSupport.unpark(next.owner);
            }
        }
    }

    private void runBatch(List<Pending<?>> batch) {
        Object[] results = new Object[batch.size()];
        Map<Combinable<?>, List<Integer>> callsByKind = new LinkedHashMap<>();
        List<Integer> statementsAt = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Pending<?> pending = batch.get(i);
            if (pending.call == null) {
                statementsAt.add(i);
            } else {
                callsByKind
                        .computeIfAbsent(pending.call.kind(), kind -> new ArrayList<>())
                        .add(i);
            }
        }
        if (statementsAt.isEmpty()) {
            runCallsAutocommitted(batch, callsByKind, results);
            return;
        }
        Optional<Boolean> committed = ran(
                batch,
                () -> batchTx.execute(status -> {
                    for (int i : statementsAt) {
                        results[i] = batch.get(i).statement.get();
                    }
                    for (int i : runCalls(callsByKind, batch, results)) {
                        results[i] = runSingle(batch.get(i).call);
                    }
                    return true;
                }));
        if (committed.isPresent()) {
            answer(batch, results, batch.size());
        }
    }

    /**
     * A batch of calls only: their compound statement runs as its own transaction, begun and committed in its text
     * ({@link #sendCompound}): one round trip for the whole batch, commit included, where a transaction opened by the
     * driver cost one more for its COMMIT. A call the compound left undecided then runs alone, on its caller's thread,
     * as after a failed batch (any order is one concurrent callers could have had).
     */
    private void runCallsAutocommitted(
            List<Pending<?>> batch, Map<Combinable<?>, List<Integer>> callsByKind, Object[] results) {
        Optional<List<Integer>> leftOvers = ran(batch, () -> runCalls(callsByKind, batch, results));
        if (leftOvers.isEmpty()) {
            return;
        }
        for (int i : leftOvers.get()) {
            results[i] = RUN_ALONE;
        }
        answer(batch, results, batch.size() - leftOvers.get().size());
    }

    /**
     * Runs a batch's work and answers what it returned, or nothing if it failed; then every caller is finished as the
     * failure says: without a connection within the pool's wait nothing ran, and each caller fails as a lone statement
     * would; after any other failure the batch was rolled back whole (by its transaction, or by PostgreSQL for an
     * autocommitted compound), and each statement runs again alone, on its caller's thread.
     */
    private <R> Optional<R> ran(List<Pending<?>> batch, Supplier<R> work) {
        try {
            return Optional.of(work.get());
        } catch (CannotCreateTransactionException | CannotGetJdbcConnectionException noConnection) {
            batch.forEach(pending -> pending.finish(new Failed(noConnection)));
        } catch (RuntimeException | Error failed) {
            failedBatches.incrementAndGet();
            batch.forEach(pending -> pending.finish(RUN_ALONE));
        }
        return Optional.empty();
    }

    /** A statement committed alone: one commit, one statement. */
    private void countAlone() {
        commits.incrementAndGet();
        statements.incrementAndGet();
    }

    /** A committed batch: counts it and answers each caller ({@code run} of them by the writer). */
    private void answer(List<Pending<?>> batch, Object[] results, int run) {
        commits.incrementAndGet();
        statements.addAndGet(run);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).finish(results[i] == null ? NULL : results[i]);
        }
    }

    /** A call by its single statement, in the transaction bound to this thread if there is one. */
    private <T> T runSingle(Call<T> call) {
        if (flushesLeft && call.kind().leavesFlush()) {
            return runLeavingFlush(call);
        }
        return jdbc.sql(call.kind().single.sql()).params(call.arguments()).query((ResultSetExtractor<T>)
                rows -> call.kind().reader.read(rows));
    }

    /**
     * Runs a batch's calls as one compound statement on the connection bound to this thread (the batch's transaction)
     * or, without one, on a pooled connection autocommitted: per kind, its set-based statement (a lone call of a kind:
     * its single statement), {@code part; part}, sent at once. Puts each decided call's result at its index in {@code
     * results} and answers the indexes of the calls left undecided, in batch order. Autocommitted, a compound whose
     * every kind {@linkplain Combinable#leavesFlush leaves its flush} commits without waiting for the disk.
     */
    private List<Integer> runCalls(
            Map<Combinable<?>, List<Integer>> callsByKind, List<Pending<?>> batch, Object[] results) {
        if (callsByKind.isEmpty()) {
            return List.of();
        }
        boolean everyKindLeavesFlush =
                flushesLeft && callsByKind.keySet().stream().allMatch(Combinable::leavesFlush);
        return onConnection("combined calls", everyKindLeavesFlush, (connection, committing) -> {
            List<Part<?>> parts = new ArrayList<>(callsByKind.size());
            for (Map.Entry<Combinable<?>, List<Integer>> kind : callsByKind.entrySet()) {
                parts.add(part(connection, kind.getKey(), kind.getValue(), batch));
            }
            List<Integer> leftOvers = new ArrayList<>();
            List<List<?>> answers = sendCompound(connection, parts, committing);
            for (int p = 0; p < parts.size(); p++) {
                Part<?> part = parts.get(p);
                List<?> answered = answers.get(p);
                for (int i = 0; i < answered.size(); i++) {
                    Object decided = answered.get(i);
                    if (decided == null) {
                        leftOvers.add(part.indexes().get(i));
                    } else {
                        results[part.indexes().get(i)] = decided;
                    }
                }
                if (part.indexes().size() > 1) {
                    combined.incrementAndGet();
                }
            }
            leftOvers.sort(null);
            leftOver.addAndGet(leftOvers.size());
            return leftOvers;
        });
    }

    /**
     * A call of a kind that leaves its flush, by its single statement, committed on its own without waiting for the
     * disk; in a transaction bound to this thread it runs as any call does, and the transaction's commit is the
     * caller's.
     */
    private <T> T runLeavingFlush(Call<T> call) {
        return onConnection("a call leaving its flush", true, (connection, committing) -> {
            Combinable<T> kind = call.kind();
            Part<T> part = new Part<>(
                    kind,
                    List.of(0),
                    new Prepared<>(
                            kind.single.sql(),
                            call.arguments(),
                            rows -> Collections.singletonList(kind.reader.read(rows))));
            @SuppressWarnings("unchecked")
            T result = (T) sendCompound(connection, List.of(part), committing)
                    .getFirst()
                    .getFirst();
            return result;
        });
    }

    /** Work on a connection, told by {@link #onConnection} how what it sends is committed. */
    @FunctionalInterface
    private interface ConnectionWork<R> {
        R run(Connection connection, Committing committing) throws SQLException;
    }

    /**
     * How the statements sent on a connection are committed: {@code autocommitted} on their own (no transaction bound
     * to the thread, a pool that autocommits), else by the transaction they run in; {@code leaveFlush}: without
     * waiting for the disk (never inside a bound transaction, whose other statements it would reach too).
     */
    private record Committing(boolean autocommitted, boolean leaveFlush) {}

    /**
     * Runs {@code work} on the connection bound to this thread (a transaction's, committed by its owner) or a pooled
     * one, committed here if the pool does not autocommit, and rolled back here when the work fails. {@code
     * leaveFlushWanted} holds only outside a bound transaction: turning the flush off there would leave it for the
     * transaction's other statements too.
     */
    private <R> R onConnection(String what, boolean leaveFlushWanted, ConnectionWork<R> work) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        boolean ownCommit = false;
        try {
            boolean inTransaction = DataSourceUtils.isConnectionTransactional(connection, dataSource);
            // Outside the batch's transaction on a pool set not to autocommit: committed here, or nothing would be.
            ownCommit = !inTransaction && !connection.getAutoCommit();
            R result = work.run(
                    connection, new Committing(!inTransaction && !ownCommit, leaveFlushWanted && !inTransaction));
            if (ownCommit) {
                connection.commit();
            }
            return result;
        } catch (SQLException e) {
            rollBack(connection, ownCommit, e);
            // As JdbcClient would have said it (a lost connection, a duplicate key), for callers that tell them apart.
            DataAccessException translated = translator.translate(what, null, e);
            throw translated != null ? translated : new UncategorizedSQLException(what, null, e);
        } catch (RuntimeException | Error e) {
            rollBack(connection, ownCommit, e);
            throw e;
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * Sends {@code parts} as one compound, {@code part; part}, in one round trip, and answers each part's results in
     * order. With {@code leaveFlush}, a first part turns {@code synchronous_commit} off for the compound's transaction
     * (a setting local to it: the connection goes back to the pool as it came).
     *
     * <p>Autocommitted, a compound of more than one statement is an explicit transaction in its own text, {@code BEGIN;
     * parts; COMMIT}: one round trip still, and atomic whatever the driver does. An implicit transaction would not be:
     * it ends at each Sync, and the driver sends one before a part it has server-prepared with a description (after
     * five uses of the compound's text on the connection, where a parameter's type was left to the server, as a null's
     * is) when that part's rows have no bounded size. The holds of a batch then committed though its settlement failed,
     * and ran a second time alone (GroupCommitTest). A failed compound leaves its transaction aborted on the
     * connection, so it is rolled back here before the connection goes back to its pool.
     */
    private static List<List<?>> sendCompound(Connection connection, List<Part<?>> parts, Committing committing)
            throws SQLException {
        boolean ownTransaction = committing.autocommitted() && (parts.size() > 1 || committing.leaveFlush());
        StringBuilder sql = new StringBuilder(ownTransaction ? "BEGIN;\n" : "");
        if (committing.leaveFlush()) {
            sql.append(LEAVE_FLUSH).append(";\n");
        }
        for (int p = 0; p < parts.size(); p++) {
            sql.append(p == 0 ? "" : ";\n").append(parts.get(p).statement().sql());
        }
        if (ownTransaction) {
            sql.append(";\nCOMMIT");
        }
        try {
            return sendAndRead(connection, sql.toString(), parts, ownTransaction, committing.leaveFlush());
        } catch (SQLException | RuntimeException | Error failed) {
            if (ownTransaction) {
                rollBackOwnTransaction(connection, failed);
            }
            throw failed;
        }
    }

    private static List<List<?>> sendAndRead(
            Connection connection, String sql, List<Part<?>> parts, boolean ownTransaction, boolean leaveFlush)
            throws SQLException {
        List<List<?>> answers = new ArrayList<>(parts.size());
        try (PreparedStatement compound = connection.prepareStatement(sql)) {
            int position = 1;
            for (Part<?> part : parts) {
                for (Object argument : part.statement().arguments()) {
                    compound.setObject(position++, argument);
                }
            }
            boolean resultSet = compound.execute();
            if (ownTransaction) {
                resultSet = compound.getMoreResults(); // past the BEGIN
            }
            if (leaveFlush) {
                resultSet = compound.getMoreResults(); // past the setting's own row
            }
            for (Part<?> part : parts) {
                if (!resultSet) {
                    throw new IllegalStateException("a combined statement answered without rows: " + part.kind());
                }
                List<?> answered;
                try (ResultSet rows = compound.getResultSet()) {
                    answered = part.statement().reader().read(rows);
                }
                if (answered.size() != part.indexes().size()) {
                    throw new IllegalStateException(part.kind() + " answered " + answered.size() + " results for "
                            + part.indexes().size() + " calls");
                }
                answers.add(answered);
                resultSet = compound.getMoreResults();
            }
        }
        return answers;
    }

    /**
     * Ends a compound's own transaction after a failure: aborted on the connection when a part failed (PostgreSQL
     * then skipped the rest, its COMMIT too), already ended when the COMMIT itself failed (the ROLLBACK then only
     * warns). A connection lost meanwhile fails the ROLLBACK too, and its pool discards it.
     */
    private static void rollBackOwnTransaction(Connection connection, Throwable failure) {
        try (Statement rollback = connection.createStatement()) {
            rollback.execute("ROLLBACK");
        } catch (SQLException | RuntimeException notRolledBack) {
            failure.addSuppressed(notRolledBack);
        }
    }

    private static void rollBack(Connection connection, boolean ownCommit, Throwable failure) {
        if (ownCommit) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                failure.addSuppressed(rollback);
            }
        }
    }

    /** One kind's calls at {@code indexes} of {@code batch} as one part of the compound. */
    private static <T> Part<T> part(
            Connection connection, Combinable<T> kind, List<Integer> indexes, List<Pending<?>> batch)
            throws SQLException {
        if (indexes.size() == 1) {
            Object[] arguments = batch.get(indexes.getFirst()).call.arguments();
            return new Part<>(
                    kind,
                    indexes,
                    new Prepared<>(
                            kind.single.sql(), arguments, rows -> Collections.singletonList(kind.reader.read(rows))));
        }
        List<Object[]> values = new ArrayList<>(indexes.size());
        for (int index : indexes) {
            values.add(batch.get(index).call.values());
        }
        return new Part<>(kind, indexes, kind.together(connection, values));
    }

    /** A kind's calls, where they are in the batch, and the statement that runs them. */
    private record Part<T>(Combinable<T> kind, List<Integer> indexes, Prepared<T> statement) {}

    /** Reads what one statement answered, its rows not yet read. */
    @FunctionalInterface
    interface ResultReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** Prepares the statement that runs several calls of a kind at once. */
    @FunctionalInterface
    interface Together<T> {
        /**
         * The statement that runs the calls whose parameter values ({@link Call#values()}) are {@code values}, in that
         * order, inside a batch (its arrays made on {@code connection}). Its reader answers each call's result at its
         * index, or {@code null} where the call is left to its single statement, run after it. It decides a call only
         * where its result is the one the call's single statement would have given, run in that order.
         */
        Prepared<T> prepare(Connection connection, List<Object[]> values) throws SQLException;
    }

    /**
     * A statement ready to send as a part of a compound: its SQL (positional parameters, no closing semicolon), its
     * arguments by position, and how its result set answers its calls in order.
     */
    record Prepared<T>(String sql, Object[] arguments, ResultReader<List<T>> reader) {

        Prepared {
            if (sql.strip().endsWith(";")) {
                throw new IllegalArgumentException("a part of a compound must not end with a semicolon");
            }
        }
    }

    /**
     * A kind of statement the writer may run for several calls at once: its single statement (with named parameters,
     * declared in the order a call gives their values), whose answer is a result set (a {@code SELECT}, or a {@code
     * WITH} that ends in one), how that answer is read, and how several calls run together.
     */
    static final class Combinable<T> {

        private final String name;
        private final PositionalStatement single;
        private final ResultReader<T> reader;
        private final Together<T> together;
        private final boolean leavesFlush;

        Combinable(String name, PositionalStatement single, ResultReader<T> reader, Together<T> together) {
            this(name, single, reader, together, false);
        }

        /**
         * {@code leavesFlush}: a commit of this kind's calls alone need not wait for the disk, because nothing its
         * caller does on the strength of it can be seen outside before a later commit that waits, which flushes it
         * too (PostgreSQL writes its log in order). A batch waits when any of its statements does.
         */
        Combinable(
                String name,
                PositionalStatement single,
                ResultReader<T> reader,
                Together<T> together,
                boolean leavesFlush) {
            this.name = name;
            this.single = single;
            this.reader = reader;
            this.together = together;
            this.leavesFlush = leavesFlush;
        }

        /** Whether a commit of this kind's calls alone leaves its flush to a later commit. */
        boolean leavesFlush() {
            return leavesFlush;
        }

        /** The statement that runs these calls of this kind at once ({@link Together#prepare}). */
        Prepared<T> together(Connection connection, List<Object[]> values) throws SQLException {
            return together.prepare(connection, values);
        }

        /** One call of this kind, with its parameters' values in their declared order. */
        Call<T> call(Object... values) {
            single.requireValues(values); // a wrong count is refused here, in the caller's thread
            return new Call<>(this, values.clone());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One statement of a {@link Combinable} kind, with its parameters' values in their declared order. */
    record Call<T>(Combinable<T> kind, Object[] values) {

        /** The values for the single statement's positions. */
        Object[] arguments() {
            return kind.single.arguments(values);
        }
    }

    /** A statement failed in a way its caller sees as it would have alone. */
    private record Failed(Throwable exception) {}

    /** One caller's statement and, once its batch is over, what became of it. */
    private static final class Pending<T> {

        final Supplier<T> statement;
        final Supplier<T> alone;
        /** The statement as a call the writer may combine with others of its kind, or {@code null}. */
        final Call<T> call;

        final Thread owner = Thread.currentThread();
        final long queuedAt = System.nanoTime();
        /** The statement queued with this one, behind it, in the same entry (the second of a pair), or {@code null}. */
        Pending<?> follower;

        private volatile Object outcome;

        Pending(Supplier<T> statement, Supplier<T> alone, Call<T> call) {
            this.statement = statement;
            this.alone = alone;
            this.call = call;
        }

        boolean finished() {
            return outcome != null;
        }

        /** Whether its statement took effect, with its batch or alone: finished, neither failed nor due to run alone. */
        boolean committed() {
            Object what = outcome;
            return what != null && what != RUN_ALONE && !(what instanceof Failed);
        }

        void finish(Object what) {
            outcome = what;
            LockSupport.unpark(owner);
        }

        /**
         * Runs the statement alone on the leader's thread and keeps what it returned or threw for its caller, after
         * {@code committed} has run if it returned (the counts are up to date when the caller goes on); whether it
         * returned.
         */
        boolean runAlone(Runnable committed) {
            Object what;
            try {
                T value = alone.get();
                what = value == null ? NULL : value;
            } catch (RuntimeException | Error failure) {
                finish(new Failed(failure));
                return false;
            }
            committed.run();
            finish(what);
            return true;
        }

        @SuppressWarnings("unchecked")
        T result() {
            Object what = outcome;
            if (what == RUN_ALONE) {
                return alone.get();
            }
            if (what instanceof Failed(RuntimeException exception)) {
                throw exception;
            }
            if (what instanceof Failed(Throwable error)) {
                throw (Error) error;
            }
            return what == NULL ? null : (T) what;
        }
    }
}

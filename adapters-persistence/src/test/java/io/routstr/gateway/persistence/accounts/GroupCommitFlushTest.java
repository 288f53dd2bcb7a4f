package io.routstr.gateway.persistence.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When a commit of the writer waits for the disk: only a transaction made of calls whose kind leaves its flush (the
 * paid path's hold) commits without waiting; any other statement in it, or a caller's own transaction around it, keeps
 * the wait. Each probe reads {@code synchronous_commit} inside the transaction it runs in, which is what its commit
 * obeys, on connections that wait by default (the suite's database does not, for speed).
 */
@PostgresAdapterTest
class GroupCommitFlushTest {

    private static final GroupCommit.Combinable<String> LEAVING = probe("leaving probe", true);
    private static final GroupCommit.Combinable<String> WAITING = probe("waiting probe", false);

    @Autowired
    DataSource testDatabase;

    /** Connections that wait for the disk unless told otherwise (the test database's own default does not). */
    private HikariDataSource pool;

    private GroupCommit groupCommit;
    private JdbcClient jdbc;
    private TransactionTemplate transactions;

    @BeforeEach
    void waitingPool() {
        pool = pool(true);
        groupCommit = new GroupCommit(pool, true);
        jdbc = JdbcClient.create(pool);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(pool));
    }

    @AfterEach
    void closePool() {
        groupCommit.close();
        pool.close();
    }

    private HikariDataSource pool(boolean autoCommit) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(testDatabase);
        config.setAutoCommit(autoCommit);
        config.setMaximumPoolSize(4);
        config.setConnectionInitSql("SET synchronous_commit = on");
        // Committed at once even on a pool that does not autocommit: else the setting lives in the connection's first
        // transaction and a rollback of it (the pool's, or a read's) takes it back.
        config.setIsolateInternalQueries(true);
        return new HikariDataSource(config);
    }

    @Test
    void aLoneCallOfAKindThatLeavesItsFlushCommitsWithoutWaitingForTheDisk_anyOtherWaits() {
        assertThat(groupCommit.run(WriterBucket.FIRST, LEAVING.call(1))).isEqualTo("off");
        assertThat(groupCommit.run(WriterBucket.FIRST, WAITING.call(1))).isEqualTo("on");
    }

    @Test
    void withHoldsWaitingForTheDisk_aCallThatCouldLeaveItsFlushWaitsAlone_andInABatch() throws Exception {
        try (GroupCommit waiting = new GroupCommit(pool, true, 1, false)) {
            assertThat(waiting.run(WriterBucket.FIRST, LEAVING.call(1))).isEqualTo("on");
        }
        GroupCommit leaving = groupCommit;
        groupCommit = new GroupCommit(pool, true, 1, false);
        try {
            assertThat(batched(List.of(LEAVING, LEAVING, LEAVING))).containsOnly("on");
        } finally {
            groupCommit.close();
            groupCommit = leaving;
        }
    }

    @Test
    void theSettingEndsWithItsTransaction_theConnectionGoesBackToThePoolWaiting() {
        for (int i = 0; i < 20; i++) {
            assertThat(groupCommit.run(WriterBucket.FIRST, LEAVING.call(i))).isEqualTo("off");
            assertThat(jdbc.sql("SELECT current_setting('synchronous_commit')")
                            .query(String.class)
                            .single())
                    .isEqualTo("on");
        }
    }

    @Test
    void onAPoolSetNotToAutocommit_aLoneCallLeavesItsFlushAllTheSame_andOnlyInItsOwnTransaction() {
        try (HikariDataSource notAutocommitted = pool(false);
                GroupCommit writer = new GroupCommit(notAutocommitted, true)) {
            JdbcClient sameConnections = JdbcClient.create(notAutocommitted);
            for (int i = 0; i < 8; i++) {
                assertThat(writer.run(WriterBucket.FIRST, LEAVING.call(i))).isEqualTo("off");
                assertThat(writer.run(WriterBucket.FIRST, WAITING.call(i))).isEqualTo("on");
            }
            assertThat(sameConnections
                            .sql("SELECT current_setting('synchronous_commit')")
                            .query(String.class)
                            .single())
                    .isEqualTo("on");
        }
    }

    @Test
    void aBatchOfCallsThatAllLeaveTheirFlushCommitsWithoutWaiting() throws Exception {
        assertThat(batched(List.of(LEAVING, LEAVING, LEAVING, LEAVING))).containsOnly("off");
    }

    @Test
    void aBatchWithOneCallThatWaits_waitsForAll() throws Exception {
        assertThat(batched(List.of(LEAVING, LEAVING, WAITING, LEAVING))).containsOnly("on");
    }

    @Test
    void aBatchWithAStatementBesideTheCalls_waitsForAll() throws Exception {
        List<String> seen = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch letGo = new CountDownLatch(1);
            Future<String> leader = writerHeldUntil(letGo, threads);
            List<Future<String>> calls = new ArrayList<>();
            Supplier<String> statement = () -> jdbc.sql("SELECT current_setting('synchronous_commit')")
                    .query(String.class)
                    .single();
            try {
                calls.add(threads.submit(() -> groupCommit.run(WriterBucket.FIRST, LEAVING.call(1))));
                awaitQueued(1);
                calls.add(threads.submit(() -> groupCommit.run(statement, statement)));
                awaitQueued(2);
            } finally {
                letGo.countDown();
            }
            leader.get(10, TimeUnit.SECONDS);
            for (Future<String> call : calls) {
                seen.add(call.get(10, TimeUnit.SECONDS));
            }
        }
        assertThat(seen).containsOnly("on");
    }

    @Test
    void aCallThatLeavesItsFlushMadeInsideACallersTransaction_runsInItsOwn_andLeavesTheCallersWaiting() {
        String[] seen = new String[2];
        transactions.executeWithoutResult(status -> {
            seen[0] = groupCommit.run(WriterBucket.FIRST, LEAVING.call(1));
            seen[1] = jdbc.sql("SELECT current_setting('synchronous_commit')")
                    .query(String.class)
                    .single();
        });
        // The writer runs it on its own thread and connection, committed on its own (as every grouped statement is).
        assertThat(seen).containsExactly("off", "on");
    }

    @Test
    void withGroupCommitOff_aCallThatLeavesItsFlushJoinsTheCallersTransaction_whichKeepsWaiting() {
        try (GroupCommit alone = new GroupCommit(pool, false)) {
            String[] seen = new String[2];
            transactions.executeWithoutResult(status -> {
                seen[0] = alone.run(WriterBucket.FIRST, LEAVING.call(1));
                seen[1] = jdbc.sql("SELECT current_setting('synchronous_commit')")
                        .query(String.class)
                        .single();
            });
            assertThat(seen).containsExactly("on", "on");
            // Outside a transaction it leaves its flush as with group commit on.
            assertThat(alone.run(WriterBucket.FIRST, LEAVING.call(2))).isEqualTo("off");
        }
    }

    /** Runs one call of each kind in {@code kinds}, queued behind a held writer so that they run as one batch. */
    private List<String> batched(List<GroupCommit.Combinable<String>> kinds) throws Exception {
        long combinedBefore = groupCommit.combined();
        List<String> seen = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch letGo = new CountDownLatch(1);
            Future<String> leader = writerHeldUntil(letGo, threads);
            List<Future<String>> calls = new ArrayList<>();
            try {
                for (int i = 0; i < kinds.size(); i++) {
                    GroupCommit.Combinable<String> kind = kinds.get(i);
                    int n = i;
                    calls.add(threads.submit(() -> groupCommit.run(WriterBucket.FIRST, kind.call(n))));
                    awaitQueued(i + 1);
                }
            } finally {
                letGo.countDown();
            }
            leader.get(10, TimeUnit.SECONDS);
            for (Future<String> call : calls) {
                seen.add(call.get(10, TimeUnit.SECONDS));
            }
        }
        // They ran together: at least one kind's calls as one set-based statement.
        assertThat(groupCommit.combined()).isGreaterThan(combinedBefore);
        return seen;
    }

    private Future<String> writerHeldUntil(CountDownLatch letGo, ExecutorService threads) throws InterruptedException {
        CountDownLatch leading = new CountDownLatch(1);
        Supplier<String> blocking = () -> {
            leading.countDown();
            try {
                assertThat(letGo.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return "";
        };
        Future<String> leader = threads.submit(() -> groupCommit.run(blocking, blocking));
        assertThat(leading.await(10, TimeUnit.SECONDS)).isTrue();
        return leader;
    }

    private void awaitQueued(int statements) throws InterruptedException {
        GroupCommitQueue.awaitQueued(groupCommit, statements);
    }

    /**
     * A kind whose calls answer the {@code synchronous_commit} of the transaction they run in, alone or together.
     */
    private static GroupCommit.Combinable<String> probe(String name, boolean leavesFlush) {
        return new GroupCommit.Combinable<>(
                name,
                PositionalStatement.of("SELECT current_setting('synchronous_commit'), CAST(:n AS int)", "n"),
                rows -> rows.next() ? rows.getString(1) : null,
                (connection, values) -> {
                    Integer[] ns = values.stream().map(v -> (Integer) v[0]).toArray(Integer[]::new);
                    return new GroupCommit.Prepared<>(
                            "SELECT i.ord, current_setting('synchronous_commit') FROM unnest(CAST(? AS int[]))"
                                    + " WITH ORDINALITY AS i(n, ord) ORDER BY i.ord",
                            new Object[] {connection.createArrayOf("int4", ns)},
                            rows -> {
                                List<String> answers = new ArrayList<>();
                                while (rows.next()) {
                                    answers.add(rows.getString(2));
                                }
                                return answers;
                            });
                },
                leavesFlush);
    }
}

package io.routstr.gateway.persistence.accounts;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.BalancePort.KeyReserveResult;
import io.routstr.gateway.application.port.out.BalancePort.ReserveResult;
import io.routstr.gateway.application.port.out.BalancePort.SettleResult;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.InstanceId;
import io.routstr.gateway.domain.reservation.ReservationId;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A measurement, not a test (its name keeps it out of the suite; run it by name): statements per second through the
 * writer ({@link GroupCommit}) while 256 callers hold and settle on one key or on sixteen, each caller one request at
 * a time, the way the paid path uses it, so that the writer always has a full batch waiting. Prints its figures
 * (statements per second, and the batches' time per statement); asserts only that the books are exact afterwards.
 *
 * <pre>./mvnw -B -ntp -o -q -pl adapters-persistence -am test -Dtest=WriterThroughput \
 *     -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@PostgresAdapterTest
class WriterThroughput {

    private static final int CALLERS = Integer.getInteger("writer.callers", 256);
    private static final long WARM_UP_MS = Long.getLong("writer.warmupMs", 2_000);
    private static final long MEASURE_MS = Long.getLong("writer.measureMs", 5_000);
    /** Virtual threads that keep the carriers busy meanwhile, as a loaded node's request threads do. */
    private static final int BUSY_THREADS = Integer.getInteger("writer.busyThreads", 8);

    /** Each key's deposit: far more than a run spends, and the ledger's sum over every run's keys stays in a long. */
    private static final long FUNDS = 1_000_000_000_000L;

    private static final long HOLD = 1_000;
    private static final long COST = 700;

    private final Instant now = Instant.parse("2026-03-10T12:00:00Z");

    @Autowired
    ApiKeyRepository keyRows;

    @Autowired
    ReservationRepository reservationRows;

    @Autowired
    LedgerEntryRepository ledgerRows;

    @Autowired
    NodeInstanceRepository instanceRows;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    DataSource dataSource;

    /**
     * Statements per second with 1 and 16 keys, the batch run on the writer's platform thread and (for comparison) on
     * its leader's virtual thread, with the carriers idle and with {@code writer.busyThreads} virtual threads (default
     * 8) keeping them busy as a loaded node's requests do.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "true, 1, false",
        "false, 1, false",
        "true, 16, false",
        "false, 16, false",
        "true, 1, true",
        "false, 1, true",
        "true, 16, true",
        "false, 16, true"
    })
    void statementsPerSecondThroughTheWriter(boolean ownThread, int keyCount, boolean busyCores) throws Exception {
        try (GroupCommit groupCommit = new GroupCommit(dataSource, true, ownThread)) {
            JpaAccountsAdapter accounts = new JpaAccountsAdapter(
                    keyRows, reservationRows, ledgerRows, instanceRows, transactions, dataSource, groupCommit);
            measure(accounts, groupCommit, ownThread, keyCount, busyCores ? BUSY_THREADS : 0);
        }
    }

    private void measure(
            JpaAccountsAdapter accounts, GroupCommit groupCommit, boolean ownThread, int keyCount, int busyThreads)
            throws Exception {
        List<ApiKey> keys = new ArrayList<>();
        for (int k = 0; k < keyCount; k++) {
            ApiKey key = accounts.createIfAbsent(anApiKey().createdAt(now).build());
            accounts.credit(key.id(), Msats.of(FUNDS), "deposit:" + UUID.randomUUID(), now);
            keys.add(key);
        }
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<?>> callers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int b = 0; b < busyThreads; b++) {
                threads.submit(() -> {
                    long x = 0;
                    while (!stop.get()) {
                        long until = System.nanoTime() + 200_000;
                        while (System.nanoTime() < until) {
                            x += x * 31 + 7;
                        }
                        LockSupport.parkNanos(50_000);
                    }
                    return x;
                });
            }
            for (int c = 0; c < CALLERS; c++) {
                ApiKey key = keys.get(c % keyCount);
                callers.add(threads.submit(() -> {
                    while (!stop.get()) {
                        KeyReserveResult held = accounts.reserveForKey(
                                key.id(), Msats.of(HOLD), InstanceId.random(), now, ZoneOffset.UTC);
                        ReservationId id = ((ReserveResult.Reserved) ((KeyReserveResult.Tried) held).result())
                                .reservation()
                                .id();
                        assertThat(accounts.settle(id, Msats.of(COST), now)).isInstanceOf(SettleResult.Charged.class);
                    }
                    return null;
                }));
            }
            Thread.sleep(WARM_UP_MS);
            long statements = groupCommit.statements();
            long commits = groupCommit.commits();
            long busy = groupCommit.batchNanos();
            long started = System.nanoTime();
            Thread.sleep(MEASURE_MS);
            long elapsed = System.nanoTime() - started;
            statements = groupCommit.statements() - statements;
            commits = groupCommit.commits() - commits;
            busy = groupCommit.batchNanos() - busy;
            stop.set(true);
            for (Future<?> caller : callers) {
                caller.get(60, TimeUnit.SECONDS);
            }
            double seconds = elapsed / 1e9;
            System.out.printf(
                    "WRITER batch on %s, keys=%d callers=%d busy=%d statements/s=%.0f commits/s=%.0f statements/commit=%.1f"
                            + " batch time per statement=%.1f us%n",
                    ownThread ? "the writer's thread" : "the leader's thread",
                    keyCount,
                    CALLERS,
                    busyThreads,
                    statements / seconds,
                    commits / seconds,
                    (double) statements / commits,
                    busy / 1e3 / statements);
        }
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }
}

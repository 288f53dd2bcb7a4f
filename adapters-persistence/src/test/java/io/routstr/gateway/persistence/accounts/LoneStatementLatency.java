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
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A measurement, not a test (its name keeps it out of the suite; run it by name): one caller at a time holds and
 * settles through {@link GroupCommit}, as a node serving one request at a time does, with a lone statement run on
 * the caller's virtual thread and, alternately in the same JVM, handed to the writer's platform thread and back.
 * Prints the hold-plus-settle time's percentiles for each, round by round; asserts only that every request was
 * charged.
 *
 * <pre>./mvnw -B -ntp -o -q -pl adapters-persistence -am test -Dtest=LoneStatementLatency \
 *     -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@PostgresAdapterTest
class LoneStatementLatency {

    private static final int ROUNDS = Integer.getInteger("lone.rounds", 4);
    private static final int REQUESTS = Integer.getInteger("lone.requests", 2_000);
    /** Between the hold and the settlement, the upstream call: the writer parks meanwhile. */
    private static final long UPSTREAM_NANOS = Long.getLong("lone.upstreamNanos", 300_000);

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

    @Test
    void holdAndSettleOneAtATime_onTheCallersThreadAndThroughTheWriter() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            for (boolean callerRunsLone : new boolean[] {true, false}) {
                try (GroupCommit groupCommit = new GroupCommit(dataSource, true, true, callerRunsLone)) {
                    JpaAccountsAdapter accounts = new JpaAccountsAdapter(
                            keyRows, reservationRows, ledgerRows, instanceRows, transactions, dataSource, groupCommit);
                    long[] micros = measure(accounts);
                    Arrays.sort(micros);
                    System.out.printf(
                            "round %d, lone statement on the %s: hold + settle p50 %d us, p90 %d us, p99 %d us%n",
                            round,
                            callerRunsLone ? "caller's thread" : "writer's thread",
                            micros[micros.length / 2],
                            micros[micros.length * 9 / 10],
                            micros[micros.length * 99 / 100]);
                }
            }
        }
    }

    private long[] measure(JpaAccountsAdapter accounts) throws Exception {
        ApiKey key = accounts.createIfAbsent(anApiKey().createdAt(now).build());
        accounts.credit(key.id(), Msats.of(FUNDS), "deposit:" + UUID.randomUUID(), now);
        long[] micros = new long[REQUESTS];
        try (ExecutorService caller = Executors.newVirtualThreadPerTaskExecutor()) {
            caller.submit(() -> {
                        for (int i = 0; i < REQUESTS; i++) {
                            long started = System.nanoTime();
                            KeyReserveResult held = accounts.reserveForKey(
                                    key.id(), Msats.of(HOLD), InstanceId.random(), now, ZoneOffset.UTC);
                            ReservationId id = ((ReserveResult.Reserved) ((KeyReserveResult.Tried) held).result())
                                    .reservation()
                                    .id();
                            long held_ = System.nanoTime();
                            LockSupport.parkNanos(UPSTREAM_NANOS);
                            long settling = System.nanoTime();
                            assertThat(accounts.settle(id, Msats.of(COST), now))
                                    .isInstanceOf(SettleResult.Charged.class);
                            micros[i] = (held_ - started + System.nanoTime() - settling) / 1_000;
                        }
                        return null;
                    })
                    .get(10, TimeUnit.MINUTES);
        }
        return micros;
    }
}

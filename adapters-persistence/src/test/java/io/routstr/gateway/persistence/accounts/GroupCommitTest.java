package io.routstr.gateway.persistence.accounts;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.routstr.gateway.application.port.out.BalancePort.KeyReserveResult;
import io.routstr.gateway.application.port.out.BalancePort.ReleaseResult;
import io.routstr.gateway.application.port.out.BalancePort.ReserveResult;
import io.routstr.gateway.application.port.out.BalancePort.SettleResult;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.ledger.LedgerEntryIds;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.InstanceId;
import io.routstr.gateway.domain.reservation.ReservationId;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Group commit on PostgreSQL: the holds and settlements of many concurrent requests share commits, and the books come
 * out exactly as if each had committed alone; a batch in which one statement fails is rolled back and every other
 * caller still gets its own result.
 */
@PostgresAdapterTest
class GroupCommitTest {

    private static final int CLIENTS = 64;
    private static final int REQUESTS_PER_CLIENT = 20;
    private static final long HOLD = 1_000;
    private static final long COST = 700;

    @Autowired
    JpaAccountsAdapter accounts;

    @Autowired
    GroupCommit groupCommit;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    private final Instant now = Instant.parse("2026-03-10T12:00:00Z");

    private ApiKey fundedKey(long msats) {
        ApiKey key = accounts.createIfAbsent(anApiKey().createdAt(now).build());
        accounts.credit(key.id(), Msats.of(msats), "deposit:" + UUID.randomUUID(), now);
        return key;
    }

    @Test
    void sixtyFourClientsHoldingAndSettlingOnOneKeyShareCommits_andEveryRequestIsChargedOnce() throws Exception {
        holdAndSettleConcurrently(1);
    }

    @Test
    void sixtyFourClientsHoldingAndSettlingOnSixteenKeysShareCommits_andEveryRequestIsChargedOnce() throws Exception {
        holdAndSettleConcurrently(16);
    }

    private void holdAndSettleConcurrently(int keyCount) throws Exception {
        long funds = (long) CLIENTS * REQUESTS_PER_CLIENT * HOLD;
        List<ApiKey> keys = new ArrayList<>();
        for (int k = 0; k < keyCount; k++) {
            keys.add(fundedKey(funds));
        }
        long commitsBefore = groupCommit.commits();
        long statementsBefore = groupCommit.statements();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> clients = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CLIENTS; c++) {
                ApiKey key = keys.get(c % keyCount);
                clients.add(threads.submit(() -> {
                    start.await();
                    for (int r = 0; r < REQUESTS_PER_CLIENT; r++) {
                        ReservationId held = held(key);
                        assertThat(accounts.settle(held, Msats.of(COST), now)).isInstanceOf(SettleResult.Charged.class);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> client : clients) {
                client.get(60, TimeUnit.SECONDS);
            }
        }

        long requests = (long) CLIENTS * REQUESTS_PER_CLIENT;
        long perKey = requests / keyCount;
        for (ApiKey key : keys) {
            ApiKey after = accounts.findById(key.id()).orElseThrow();
            assertThat(after.reserved()).isEqualTo(Msats.ZERO);
            assertThat(after.balance()).isEqualTo(Msats.of(funds - perKey * COST));
            assertThat(after.totalRequests()).isEqualTo(perKey);
            assertThat(chargesOf(key)).isEqualTo(perKey);
            // The batches' entries get time-ordered ids carrying their time, as a lone settlement's do.
            assertThat(jdbc.queryForList(
                            "SELECT id FROM ledger_entries WHERE key_id = ? AND entry_type = 'CHARGE'",
                            UUID.class,
                            key.id().value()))
                    .allSatisfy(
                            id -> assertThat(LedgerEntryIds.timeOf(id)).isEqualTo(now.truncatedTo(ChronoUnit.MILLIS)));
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM reservations WHERE billing_key_id = ? AND state = 'CHARGED'",
                            Long.class,
                            key.id().value()))
                    .isEqualTo(perKey);
        }
        long statements = groupCommit.statements() - statementsBefore;
        long commits = groupCommit.commits() - commitsBefore;
        assertThat(statements).as("statements committed").isEqualTo(2 * requests);
        // Batches formed: far fewer commits than statements (each statement alone would be one commit).
        assertThat(commits).as("commits for %d statements", statements).isLessThan(statements / 2);
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }

    private long chargesOf(ApiKey key) {
        Long charges = jdbc.queryForObject(
                "SELECT count(*) FROM ledger_entries WHERE key_id = ? AND entry_type = 'CHARGE'",
                Long.class,
                key.id().value());
        return charges == null ? 0 : charges;
    }

    private ReservationId held(ApiKey key) {
        KeyReserveResult result =
                accounts.reserveForKey(key.id(), Msats.of(HOLD), InstanceId.random(), now, ZoneOffset.UTC);
        assertThat(result).isInstanceOf(KeyReserveResult.Tried.class);
        ReserveResult reserved = ((KeyReserveResult.Tried) result).result();
        assertThat(reserved).isInstanceOf(ReserveResult.Reserved.class);
        return ((ReserveResult.Reserved) reserved).reservation().id();
    }

    @Test
    void whenOneStatementOfABatchFails_theBatchIsRolledBack_andEveryOtherCallerGetsItsOwnResult() throws Exception {
        ApiKey key = fundedKey(10_000);
        ApiKey other = fundedKey(10_000);
        ReservationId toSettle = held(key);
        ReservationId toRelease = held(other);
        PaidPathStatements statements = new PaidPathStatements(JdbcClient.create(dataSource));
        UUID taken = UUID.randomUUID();
        statements.reserve(taken, key.id(), Msats.of(100), now, Optional.empty(), true);
        long failedBefore = groupCommit.failedBatches();

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch letGo = new CountDownLatch(1);
            Future<Integer> leader = writerHeldUntil(letGo, threads);

            Future<KeyReserveResult> hold;
            Future<Object> failing;
            Future<SettleResult> settle;
            Future<ReleaseResult> release;
            try {
                hold = threads.submit(() ->
                        accounts.reserveForKey(key.id(), Msats.of(2_000), InstanceId.random(), now, ZoneOffset.UTC));
                awaitQueued(1);
                // A hold whose reservation id exists already: its INSERT violates the primary key inside the batch.
                Supplier<Object> duplicate =
                        () -> statements.reserve(taken, key.id(), Msats.of(100), now, Optional.empty(), true);
                failing = threads.submit(() -> groupCommit.run(duplicate, duplicate));
                awaitQueued(2);
                settle = threads.submit(() -> accounts.settle(toSettle, Msats.of(600), now));
                awaitQueued(3);
                release = threads.submit(() -> accounts.release(toRelease, now));
                awaitQueued(4);
            } finally {
                letGo.countDown();
            }

            assertThat(leader.get(10, TimeUnit.SECONDS)).isZero();
            assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(DuplicateKeyException.class);
            assertThat(hold.get(10, TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(
                            KeyReserveResult.Tried.class,
                            tried -> assertThat(tried.result()).isInstanceOf(ReserveResult.Reserved.class));
            // Run again alone, the hold and the settlement may come in either order: the remainder is not fixed.
            assertThat(settle.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(SettleResult.Charged.class, charged -> {
                assertThat(charged.charged()).isEqualTo(Msats.of(600));
                assertThat(charged.shortfall()).isEqualTo(Msats.ZERO);
            });
            assertThat(release.get(10, TimeUnit.SECONDS)).isEqualTo(ReleaseResult.RELEASED);
        }

        assertThat(groupCommit.failedBatches() - failedBefore).isEqualTo(1);
        ApiKey after = accounts.findById(key.id()).orElseThrow();
        assertThat(after.balance()).isEqualTo(Msats.of(9_400));
        assertThat(after.reserved()).isEqualTo(Msats.of(2_100));
        assertThat(accounts.findById(other.id()).orElseThrow().reserved()).isEqualTo(Msats.ZERO);
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }

    @Test
    void holdsAndSettlementsQueuedTogetherRunAsOneStatementPerKind_andEachCallerGetsItsOwnResult() throws Exception {
        ApiKey rich = fundedKey(10_000);
        ApiKey poor = fundedKey(500);
        // Counted before the two lone holds: the writer counts a lone statement's commit after answering its caller.
        long combinedBefore = groupCommit.combined();
        long leftOverBefore = groupCommit.leftOver();
        long commitsBefore = groupCommit.commits();
        ReservationId first = held(rich);
        ReservationId second = held(rich);

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch letGo = new CountDownLatch(1);
            Future<Integer> leader = writerHeldUntil(letGo, threads);
            Future<KeyReserveResult> richHold;
            Future<KeyReserveResult> poorHold;
            Future<KeyReserveResult> thirdHold;
            Future<SettleResult> firstSettled;
            Future<SettleResult> secondSettled;
            try {
                richHold = threads.submit(() ->
                        accounts.reserveForKey(rich.id(), Msats.of(3_000), InstanceId.random(), now, ZoneOffset.UTC));
                awaitQueued(1);
                firstSettled = threads.submit(() -> accounts.settle(first, Msats.of(400), now));
                awaitQueued(2);
                poorHold = threads.submit(() ->
                        accounts.reserveForKey(poor.id(), Msats.of(600), InstanceId.random(), now, ZoneOffset.UTC));
                awaitQueued(3);
                secondSettled = threads.submit(() -> accounts.settle(second, Msats.of(900), now));
                awaitQueued(4);
                thirdHold = threads.submit(() ->
                        accounts.reserveForKey(rich.id(), Msats.of(1_000), InstanceId.random(), now, ZoneOffset.UTC));
                awaitQueued(5);
            } finally {
                letGo.countDown();
            }
            leader.get(10, TimeUnit.SECONDS);

            assertThat(reserved(richHold.get(10, TimeUnit.SECONDS)).amount()).isEqualTo(Msats.of(3_000));
            assertThat(reserved(thirdHold.get(10, TimeUnit.SECONDS)).amount()).isEqualTo(Msats.of(1_000));
            assertThat(((KeyReserveResult.Tried) poorHold.get(10, TimeUnit.SECONDS)).result())
                    .isEqualTo(new ReserveResult.InsufficientBalance(Msats.of(500)));
            assertThat(firstSettled.get(10, TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(
                            SettleResult.Charged.class,
                            charged -> assertThat(charged.charged()).isEqualTo(Msats.of(400)));
            assertThat(secondSettled.get(10, TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(
                            SettleResult.Charged.class,
                            charged -> assertThat(charged.charged()).isEqualTo(Msats.of(900)));
        }

        // Three holds in one statement, which leaves the one that does not fit to its own (the refusal is its), two
        // settlements in another, one commit (after the two lone holds' and the leader's).
        assertThat(groupCommit.combined() - combinedBefore).isEqualTo(2);
        assertThat(groupCommit.leftOver() - leftOverBefore).isEqualTo(1);
        assertThat(groupCommit.commits() - commitsBefore).isEqualTo(4);
        ApiKey after = accounts.findById(rich.id()).orElseThrow();
        assertThat(after.balance()).isEqualTo(Msats.of(10_000 - 400 - 900));
        assertThat(after.reserved()).isEqualTo(Msats.of(4_000));
        assertThat(accounts.findById(poor.id()).orElseThrow().reserved()).isEqualTo(Msats.ZERO);
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }

    @Test
    void whenACombinedHoldFails_theWholeBatchIsRolledBack_andTheOtherCallsRunAloneWithTheirOwnResults()
            throws Exception {
        ApiKey key = fundedKey(10_000);
        UUID taken = UUID.randomUUID();
        new PaidPathStatements(JdbcClient.create(dataSource))
                .reserve(taken, key.id(), Msats.of(100), now, Optional.empty(), true);
        long failedBefore = groupCommit.failedBatches();

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch letGo = new CountDownLatch(1);
            Future<Integer> leader = writerHeldUntil(letGo, threads);
            Future<KeyReserveResult> before;
            Future<Object> duplicate;
            Future<KeyReserveResult> after;
            try {
                before = threads.submit(() ->
                        accounts.reserveForKey(key.id(), Msats.of(2_000), InstanceId.random(), now, ZoneOffset.UTC));
                awaitQueued(1);
                // A combined hold whose reservation id exists already: its INSERT fails inside the combined statement.
                duplicate = threads.submit(() -> groupCommit.run(
                        WriterBucket.of(key.id()),
                        PaidPathStatements.plainHold(taken, key.id(), Msats.of(100), now, Optional.empty())));
                awaitQueued(2);
                after = threads.submit(() ->
                        accounts.reserveForKey(key.id(), Msats.of(3_000), InstanceId.random(), now, ZoneOffset.UTC));
                awaitQueued(3);
            } finally {
                letGo.countDown();
            }
            leader.get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> duplicate.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(DuplicateKeyException.class);
            assertThat(reserved(before.get(10, TimeUnit.SECONDS)).amount()).isEqualTo(Msats.of(2_000));
            assertThat(reserved(after.get(10, TimeUnit.SECONDS)).amount()).isEqualTo(Msats.of(3_000));
        }

        assertThat(groupCommit.failedBatches() - failedBefore).isEqualTo(1);
        assertThat(accounts.findById(key.id()).orElseThrow().reserved()).isEqualTo(Msats.of(5_100));
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }

    @Test
    void holdsOnOneKeyInOneStatementAreTakenInTheirOrderWhileTheyFit_andOneThatDoesNotFitLeavesTheRestToTheirOwn()
            throws Exception {
        ApiKey key = fundedKey(1_000);
        long leftOverBefore = groupCommit.leftOver();

        List<KeyReserveResult> results = queuedTogether(
                () -> accounts.reserveForKey(key.id(), Msats.of(800), InstanceId.random(), now, ZoneOffset.UTC),
                () -> accounts.reserveForKey(key.id(), Msats.of(600), InstanceId.random(), now, ZoneOffset.UTC),
                () -> accounts.reserveForKey(key.id(), Msats.of(150), InstanceId.random(), now, ZoneOffset.UTC));

        // As one after another alone: 800 fits; the two left run alone after it, each in its own commit, in either
        // order: 600 never fits (200 or 50 left), 150 always does.
        assertThat(reserved(results.get(0)).amount()).isEqualTo(Msats.of(800));
        assertThat(((KeyReserveResult.Tried) results.get(1)).result())
                .isIn(
                        new ReserveResult.InsufficientBalance(Msats.of(200)),
                        new ReserveResult.InsufficientBalance(Msats.of(50)));
        assertThat(reserved(results.get(2)).amount()).isEqualTo(Msats.of(150));
        assertThat(groupCommit.leftOver() - leftOverBefore).isEqualTo(2);
        assertThat(accounts.findById(key.id()).orElseThrow().reserved()).isEqualTo(Msats.of(950));
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }

    @Test
    void aChildKeysAndALimitedKeysHoldsQueuedWithPlainOnesAreLeftToTheirOwnStatements_andHeldInTheirTransactions()
            throws Exception {
        ApiKey parent = fundedKey(10_000);
        ApiKey child = accounts.createIfAbsent(
                anApiKey().childOf(parent).createdAt(now).build());
        ApiKey limited = accounts.createIfAbsent(anApiKey()
                .withLimit(Msats.of(5_000), io.routstr.gateway.domain.key.LimitResetPeriod.NEVER)
                .createdAt(now)
                .build());
        accounts.credit(limited.id(), Msats.of(10_000), "deposit:" + UUID.randomUUID(), now);
        long leftOverBefore = groupCommit.leftOver();

        List<KeyReserveResult> results = queuedTogether(
                () -> accounts.reserveForKey(parent.id(), Msats.of(1_000), InstanceId.random(), now, ZoneOffset.UTC),
                () -> accounts.reserveForKey(child.id(), Msats.of(2_000), InstanceId.random(), now, ZoneOffset.UTC),
                () -> accounts.reserveForKey(limited.id(), Msats.of(3_000), InstanceId.random(), now, ZoneOffset.UTC));

        assertThat(results).allSatisfy(result -> reserved(result));
        assertThat(groupCommit.leftOver() - leftOverBefore).isEqualTo(2);
        assertThat(accounts.findById(parent.id()).orElseThrow().reserved()).isEqualTo(Msats.of(3_000));
        assertThat(accounts.findById(child.id()).orElseThrow().reserved()).isEqualTo(Msats.of(2_000));
        assertThat(accounts.findById(limited.id()).orElseThrow().reserved()).isEqualTo(Msats.of(3_000));
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }

    @Test
    void whenTheSettlementsPartOfABatchFails_theHoldsSentWithItAreRolledBackToo_andEachRunsAloneOnce()
            throws Exception {
        ApiKey key = fundedKey(10_000);
        ReservationId toSettle = held(key);
        String tooLong = "m".repeat(ChargeDetails.MAX_NAME_LENGTH + 1);
        long failedBefore = groupCommit.failedBatches();

        // The holds go first in the compound, then the settlement, whose ledger entry's model is longer than its
        // column.
        List<Object> results = queuedTogether(
                () -> accounts.reserveForKey(key.id(), Msats.of(2_000), InstanceId.random(), now, ZoneOffset.UTC),
                () -> accounts.reserveForKey(key.id(), Msats.of(3_000), InstanceId.random(), now, ZoneOffset.UTC),
                () -> {
                    try {
                        return groupCommit.run(
                                WriterBucket.of(toSettle),
                                PaidPathStatements.PLAIN_SETTLEMENT.call(
                                        true,
                                        toSettle.value(),
                                        500L,
                                        now.atOffset(ZoneOffset.UTC),
                                        tooLong,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null));
                    } catch (RuntimeException refused) {
                        return refused;
                    }
                });

        // Had the holds committed apart from the settlement, running them again alone would have failed on their ids.
        assertThat(reserved((KeyReserveResult) results.get(0)).amount()).isEqualTo(Msats.of(2_000));
        assertThat(reserved((KeyReserveResult) results.get(1)).amount()).isEqualTo(Msats.of(3_000));
        assertThat(results.get(2)).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(groupCommit.failedBatches() - failedBefore).isEqualTo(1);
        ApiKey after = accounts.findById(key.id()).orElseThrow();
        assertThat(after.reserved()).isEqualTo(Msats.of(HOLD + 5_000));
        assertThat(after.balance()).isEqualTo(Msats.of(10_000));
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }

    /**
     * The driver prepares a statement on the server after its fifth use on a connection, and from then on knows its
     * result rows: where they may be of any length (text), it sends a Sync before each part of a compound, and a Sync
     * ends an implicit transaction. The writer's connection is the one its thread used last, so the same compound run
     * a few times first is server-prepared when it fails.
     */
    @Test
    void evenOnceTheDriverPreparedTheCompoundOnTheServer_aFailedPartRollsBackThePartsSentBeforeIt() throws Exception {
        ApiKey key = fundedKey(100_000);
        for (int round = 0; round < 8; round++) {
            ReservationId settled = held(key);
            List<Object> results = queuedTogether(
                    () -> accounts.reserveForKey(key.id(), Msats.of(100), InstanceId.random(), now, ZoneOffset.UTC),
                    () -> accounts.reserveForKey(key.id(), Msats.of(100), InstanceId.random(), now, ZoneOffset.UTC),
                    () -> accounts.settle(settled, Msats.of(HOLD), now));
            assertThat(results.get(2)).isInstanceOf(SettleResult.Charged.class);
        }

        whenTheSettlementsPartOfABatchFails_theHoldsSentWithItAreRolledBackToo_andEachRunsAloneOnce();

        // The failed compound's transaction was ended: the writer's connection serves the next batch.
        ReservationId settled = held(key);
        List<Object> after = queuedTogether(
                () -> accounts.reserveForKey(key.id(), Msats.of(100), InstanceId.random(), now, ZoneOffset.UTC),
                () -> accounts.settle(settled, Msats.of(HOLD), now));
        assertThat(reserved((KeyReserveResult) after.get(0)).amount()).isEqualTo(Msats.of(100));
        assertThat(after.get(1)).isInstanceOf(SettleResult.Charged.class);
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }

    @Test
    void onAPoolSetNotToAutocommit_aBatchOfCallsIsCommittedAllTheSame() throws Exception {
        ApiKey key = fundedKey(10_000);
        HikariConfig config = new HikariConfig();
        config.setDataSource(dataSource);
        config.setAutoCommit(false);
        config.setMaximumPoolSize(2);
        try (HikariDataSource notAutocommitted = new HikariDataSource(config);
                GroupCommit writer = new GroupCommit(notAutocommitted, true);
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch leading = new CountDownLatch(1);
            CountDownLatch letGo = new CountDownLatch(1);
            Supplier<Integer> blocking = () -> {
                leading.countDown();
                awaitQuietly(letGo);
                return 0;
            };
            List<Future<Optional<PaidPathStatements.Hold>>> holds = new ArrayList<>();
            try {
                threads.submit(() -> writer.run(blocking, blocking));
                assertThat(leading.await(10, TimeUnit.SECONDS)).isTrue();
                for (long amount : new long[] {1_000, 2_000}) {
                    holds.add(threads.submit(() -> writer.run(
                            WriterBucket.of(key.id()),
                            PaidPathStatements.plainHold(
                                    UUID.randomUUID(), key.id(), Msats.of(amount), now, Optional.empty()))));
                    awaitQueued(writer, holds.size());
                }
            } finally {
                letGo.countDown();
            }
            for (Future<Optional<PaidPathStatements.Hold>> hold : holds) {
                assertThat(hold.get(10, TimeUnit.SECONDS).orElseThrow().stored())
                        .isTrue();
            }
            assertThat(writer.combined()).isEqualTo(1);
        }
        // Seen from another connection: committed, not rolled back when the connection went back to its pool.
        assertThat(accounts.findById(key.id()).orElseThrow().reserved()).isEqualTo(Msats.of(3_000));
    }

    @Test
    void aReservationSettledTwiceInOneBatchIsChargedOnce_andACostAboveItsHoldIsChargedAsAlone() throws Exception {
        ApiKey key = fundedKey(2_100);
        ReservationId twice = held(key);
        ReservationId overrun = held(key);

        List<SettleResult> results = queuedTogether(
                () -> accounts.settle(twice, Msats.of(300), now),
                () -> accounts.settle(twice, Msats.of(300), now),
                () -> accounts.settle(overrun, Msats.of(2_000), now));

        assertThat(results.get(0)).isEqualTo(new SettleResult.Charged(Msats.of(300), Msats.ZERO, Msats.of(800)));
        assertThat(results.get(1)).isEqualTo(new SettleResult.AlreadySettled(Msats.of(300)));
        // Its own statement, after the first settlement: the balance is 1,800, so 200 of the 2,000 fall short.
        assertThat(results.get(2)).isEqualTo(new SettleResult.Charged(Msats.of(1_800), Msats.of(200), Msats.ZERO));
        ApiKey after = accounts.findById(key.id()).orElseThrow();
        assertThat(after.balance()).isEqualTo(Msats.ZERO);
        assertThat(after.reserved()).isEqualTo(Msats.ZERO);
        assertThat(chargesOf(key)).isEqualTo(2);
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }

    @Test
    void settlementsTogetherAnswerWhatEachLeftTheKey_inTheirOrder() throws Exception {
        ApiKey key = fundedKey(5_000);
        ReservationId first = held(key);
        ReservationId second = held(key);
        ReservationId third = held(key);

        List<SettleResult> results = queuedTogether(
                () -> accounts.settle(first, Msats.of(100), now),
                () -> accounts.settle(second, Msats.of(200), now),
                () -> accounts.settle(third, Msats.of(0), now));

        // 5,000 less the three holds is 2,000; each settlement frees its hold and pays its cost.
        assertThat(results)
                .containsExactly(
                        new SettleResult.Charged(Msats.of(100), Msats.ZERO, Msats.of(2_900)),
                        new SettleResult.Charged(Msats.of(200), Msats.ZERO, Msats.of(3_700)),
                        new SettleResult.Charged(Msats.ZERO, Msats.ZERO, Msats.of(4_700)));
        ApiKey after = accounts.findById(key.id()).orElseThrow();
        assertThat(after.balance()).isEqualTo(Msats.of(4_700));
        assertThat(after.totalRequests()).isEqualTo(3);
        assertThat(chargesOf(key)).isEqualTo(2);
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }

    /** Runs {@code calls} in one batch (queued in order while the writer is held) and answers their results in order. */
    @SafeVarargs
    private <T> List<T> queuedTogether(Callable<T>... calls) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch letGo = new CountDownLatch(1);
            Future<Integer> leader = writerHeldUntil(letGo, threads);
            List<Future<T>> futures = new ArrayList<>();
            try {
                for (Callable<T> call : calls) {
                    futures.add(threads.submit(call));
                    awaitQueued(futures.size());
                }
            } finally {
                letGo.countDown();
            }
            leader.get(10, TimeUnit.SECONDS);
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(10, TimeUnit.SECONDS));
            }
            return results;
        }
    }

    private static io.routstr.gateway.domain.reservation.Reservation reserved(KeyReserveResult result) {
        assertThat(result).isInstanceOf(KeyReserveResult.Tried.class);
        ReserveResult reserved = ((KeyReserveResult.Tried) result).result();
        assertThat(reserved).isInstanceOf(ReserveResult.Reserved.class);
        return ((ReserveResult.Reserved) reserved).reservation();
    }

    @Test
    void eachRunOfAWriterIsReportedWithHowLongItTook_itsStatementAndCommitIncluded() {
        List<Long> runs = new CopyOnWriteArrayList<>();
        JdbcClient sql = JdbcClient.create(dataSource);
        Supplier<Integer> slowStatement = () ->
                sql.sql("SELECT 1 FROM pg_sleep(0.05)").query(Integer.class).single();

        try (GroupCommit timed = new GroupCommit(dataSource, true, 1, true, runs::add)) {
            assertThat(timed.run(slowStatement, slowStatement)).isEqualTo(1);
        }

        assertThat(runs).hasSize(1);
        assertThat(Duration.ofNanos(runs.getFirst())).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void statementsQueuedBehindARunningOneShareOneCommit() throws Exception {
        ApiKey key = fundedKey(10_000);
        long commitsBefore = groupCommit.commits();
        long statementsBefore = groupCommit.statements();

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch letGo = new CountDownLatch(1);
            Future<Integer> leader = writerHeldUntil(letGo, threads);
            List<Future<ReservationId>> holds = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    holds.add(threads.submit(() -> held(key)));
                    awaitQueued(i + 1);
                }
                // The batch running now (the leader's) counts in the wait of those behind it.
                Thread.sleep(50);
                assertThat(groupCommit.currentWait()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
            } finally {
                letGo.countDown();
            }

            leader.get(10, TimeUnit.SECONDS);
            for (Future<ReservationId> hold : holds) {
                hold.get(10, TimeUnit.SECONDS);
            }
        }

        // The leader's statement alone, then the five holds together.
        assertThat(groupCommit.statements() - statementsBefore).isEqualTo(6);
        assertThat(groupCommit.commits() - commitsBefore).isEqualTo(2);
        assertThat(accounts.findById(key.id()).orElseThrow().reserved()).isEqualTo(Msats.of(5 * HOLD));
    }

    @Test
    void aBatchRunsOnTheWritersPlatformThread_andCallersInterruptedMeanwhileGetTheirResultsAfterTheCommit()
            throws Exception {
        ApiKey key = fundedKey(10_000);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch letGo = new CountDownLatch(1);
            Future<Integer> lone = writerHeldUntil(letGo, threads);

            // Two callers queue behind the lone statement: they form the next batch, whose first statement waits.
            CountDownLatch batchRunning = new CountDownLatch(1);
            CountDownLatch finishBatch = new CountDownLatch(1);
            List<Thread> ranOn = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Thread> callers = new java.util.concurrent.CopyOnWriteArrayList<>();
            Supplier<String> first = () -> {
                ranOn.add(Thread.currentThread());
                batchRunning.countDown();
                awaitQuietly(finishBatch);
                return "first";
            };
            Supplier<ReservationId> second = () -> {
                ranOn.add(Thread.currentThread());
                UUID id = UUID.randomUUID();
                new PaidPathStatements(JdbcClient.create(dataSource))
                        .reserve(id, key.id(), Msats.of(HOLD), now, Optional.empty(), true);
                return new ReservationId(id);
            };
            Supplier<String> alone = () -> {
                throw new AssertionError("the batch did not fail: nothing runs alone");
            };
            Future<Boolean> firstCaller = threads.submit(() -> {
                callers.add(Thread.currentThread());
                assertThat(groupCommit.run(first, alone)).isEqualTo("first");
                return Thread.currentThread().isInterrupted();
            });
            awaitQueued(1);
            Future<Boolean> secondCaller = threads.submit(() -> {
                callers.add(Thread.currentThread());
                assertThat(groupCommit.run(second, () -> {
                            throw new AssertionError("the batch did not fail: nothing runs alone");
                        }))
                        .isNotNull();
                return Thread.currentThread().isInterrupted();
            });
            awaitQueued(2);
            letGo.countDown();
            assertThat(lone.get(10, TimeUnit.SECONDS)).isZero();
            assertThat(batchRunning.await(10, TimeUnit.SECONDS)).isTrue();

            callers.forEach(Thread::interrupt);
            Thread.sleep(50);
            assertThat(firstCaller).as("a caller waits for its batch's commit").isNotDone();
            assertThat(secondCaller).isNotDone();
            finishBatch.countDown();

            assertThat(firstCaller.get(10, TimeUnit.SECONDS))
                    .as("interrupt kept")
                    .isTrue();
            assertThat(secondCaller.get(10, TimeUnit.SECONDS))
                    .as("interrupt kept")
                    .isTrue();
            assertThat(ranOn).hasSize(2).allSatisfy(thread -> {
                assertThat(thread.isVirtual()).isFalse();
                assertThat(thread.getName()).isEqualTo("group-commit-writer");
            });
        }
        assertThat(accounts.findById(key.id()).orElseThrow().reserved()).isEqualTo(Msats.of(HOLD));
    }

    @Test
    void aLoneStatementRunsOnTheWritersPlatformThreadToo_notOnItsCallersVirtualThread() throws Exception {
        // Why not on the caller's thread, where it would save the hand-off to the writer and back: a virtual thread
        // waits for PostgreSQL's answer through the JDK's poller and then for a carrier, a platform thread blocked on
        // its socket is woken by the kernel; one request at a time, the hand-off was no slower (LoneStatementLatency
        // in docs/benchmarks.md, session 6).
        List<Thread> ranOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        Supplier<Integer> lone = () -> {
            ranOn.add(Thread.currentThread());
            return 1;
        };
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 3; i++) {
                assertThat(threads.submit(() -> groupCommit.run(lone, lone)).get(10, TimeUnit.SECONDS))
                        .isEqualTo(1);
            }
        }
        assertThat(ranOn).hasSize(3).allSatisfy(thread -> {
            assertThat(thread.isVirtual()).isFalse();
            assertThat(thread.getName()).isEqualTo("group-commit-writer");
        });
    }

    /**
     * Keeps the writer busy with a lone statement until {@code letGo}, so that the statements queued meanwhile form
     * the next batch; the lone statement's caller answers 0.
     */
    private Future<Integer> writerHeldUntil(CountDownLatch letGo, ExecutorService threads) throws InterruptedException {
        CountDownLatch leading = new CountDownLatch(1);
        Supplier<Integer> blocking = () -> {
            leading.countDown();
            awaitQuietly(letGo);
            return 0;
        };
        Future<Integer> leader = threads.submit(() -> groupCommit.run(blocking, blocking));
        assertThat(leading.await(10, TimeUnit.SECONDS)).isTrue();
        return leader;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitQueued(int statements) throws InterruptedException {
        awaitQueued(groupCommit, statements);
    }

    private static void awaitQueued(GroupCommit writer, int statements) throws InterruptedException {
        GroupCommitQueue.awaitQueued(writer, statements);
    }
}

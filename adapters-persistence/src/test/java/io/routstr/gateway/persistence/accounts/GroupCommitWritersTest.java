package io.routstr.gateway.persistence.accounts;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.in.billing.ReserveForRequestCommand;
import io.routstr.gateway.application.port.in.billing.ReserveOutcome;
import io.routstr.gateway.application.port.out.BalancePort.KeyReserveResult;
import io.routstr.gateway.application.port.out.BalancePort.ReserveResult;
import io.routstr.gateway.application.port.out.BalancePort.SettleResult;
import io.routstr.gateway.application.service.BillingPolicy;
import io.routstr.gateway.application.service.ReserveForRequestService;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.InstanceId;
import io.routstr.gateway.domain.reservation.ReservationId;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Group commit over several writers ({@code DATABASE_GROUP_COMMIT_WRITERS}): a key's statements always go to the
 * writer of its bucket, so while one writer's round trip is stuck, the keys of the other writers are held and settled
 * as if nothing were wrong, and the stuck key's next statement waits on its own writer rather than taking the row's
 * lock on another (two writers that both lock one key's row could wait for each other's batches).
 */
@PostgresAdapterTest
class GroupCommitWritersTest {

    private static final long HOLD = 1_000;

    @Autowired
    ApiKeyRepository keys;

    @Autowired
    ReservationRepository reservations;

    @Autowired
    LedgerEntryRepository ledger;

    @Autowired
    NodeInstanceRepository instances;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    private final Instant now = Instant.parse("2026-03-10T12:00:00Z");

    private GroupCommit twoWriters;

    private JpaAccountsAdapter accounts;

    @BeforeEach
    void twoWriters() {
        twoWriters = new GroupCommit(dataSource, true, 2);
        accounts = new JpaAccountsAdapter(keys, reservations, ledger, instances, transactions, dataSource, twoWriters);
    }

    @AfterEach
    void closeWriters() {
        twoWriters.close();
    }

    @Test
    void aStatementOnOneWriterRunsWhileAnotherWritersRoundTripIsStuck_andOnTheWriterItsBucketNames() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        Supplier<Integer> blocking = () -> {
            stuck.countDown();
            awaitQuietly(letGo);
            return 0;
        };
        List<String> ranOn = new CopyOnWriteArrayList<>();
        Supplier<Integer> other = () -> {
            ranOn.add(Thread.currentThread().getName());
            return 1;
        };
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> first = threads.submit(() -> twoWriters.run(new WriterBucket(0), blocking, blocking));
            Future<Integer> behindIt;
            try {
                assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();

                // Bucket 1 is the second writer's: it runs now, on that writer's thread.
                assertThat(threads.submit(() -> twoWriters.run(new WriterBucket(1), other, other))
                                .get(10, TimeUnit.SECONDS))
                        .isEqualTo(1);
                // Bucket 2 is the first writer's again: it queues behind the stuck statement.
                behindIt = threads.submit(() -> twoWriters.run(new WriterBucket(2), other, other));
                awaitQueued(1);
                assertThat(behindIt).isNotDone();
            } finally {
                letGo.countDown();
            }
            assertThat(first.get(10, TimeUnit.SECONDS)).isZero();
            assertThat(behindIt.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(ranOn).containsExactly("group-commit-writer-1", "group-commit-writer-0");
    }

    @Test
    void whileAKeysRowIsLockedElsewhere_keysOfTheOtherWriterAreHeldAndSettled_andTheKeysOwnStatementsWaitOnItsWriter()
            throws Exception {
        ApiKey stuckKey = fundedKey();
        ApiKey freeKey = fundedKey();
        while (lane(freeKey) == lane(stuckKey)) {
            freeKey = fundedKey();
        }
        ReservationId stuckHeldBefore = held(stuckKey);
        ReservationId freeHeldBefore = held(freeKey);
        assertThat(WriterBucket.of(stuckHeldBefore)).isEqualTo(WriterBucket.of(stuckKey.id()));

        ApiKey free = freeKey;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
                Connection elsewhere = dataSource.getConnection()) {
            // Another transaction (another node, an operator) holds the stuck key's row: its writer's statement waits.
            elsewhere.setAutoCommit(false);
            try (PreparedStatement lock =
                    elsewhere.prepareStatement("SELECT 1 FROM api_keys WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, stuckKey.id().value());
                lock.executeQuery().close();
            }
            Future<KeyReserveResult> stuckHold = threads.submit(() ->
                    accounts.reserveForKey(stuckKey.id(), Msats.of(HOLD), InstanceId.random(), now, ZoneOffset.UTC));
            Future<SettleResult> stuckSettle;
            try {
                awaitWaitingForARowLock();
                // The key's own settlement queues on its writer (on the other writer it would wait for the row).
                stuckSettle = threads.submit(() -> accounts.settle(stuckHeldBefore, Msats.of(700), now));
                awaitQueued(1);

                // The other writer's key goes on: settled, held and settled again, while the stuck one waits.
                assertThat(threads.submit(() -> accounts.settle(freeHeldBefore, Msats.of(700), now))
                                .get(10, TimeUnit.SECONDS))
                        .isInstanceOf(SettleResult.Charged.class);
                ReservationId freeHeld = threads.submit(() -> held(free)).get(10, TimeUnit.SECONDS);
                assertThat(threads.submit(() -> accounts.settle(freeHeld, Msats.of(300), now))
                                .get(10, TimeUnit.SECONDS))
                        .isInstanceOf(SettleResult.Charged.class);
                assertThat(stuckHold).isNotDone();
                assertThat(stuckSettle).isNotDone();
            } finally {
                elsewhere.rollback();
            }

            assertThat(stuckHold.get(10, TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(
                            KeyReserveResult.Tried.class,
                            tried -> assertThat(tried.result()).isInstanceOf(ReserveResult.Reserved.class));
            assertThat(stuckSettle.get(10, TimeUnit.SECONDS)).isInstanceOf(SettleResult.Charged.class);
        }

        ApiKey stuckAfter = accounts.findById(stuckKey.id()).orElseThrow();
        assertThat(stuckAfter.balance()).isEqualTo(Msats.of(10_000 - 700));
        assertThat(stuckAfter.reserved()).isEqualTo(Msats.of(HOLD));
        ApiKey freeAfter = accounts.findById(free.id()).orElseThrow();
        assertThat(freeAfter.balance()).isEqualTo(Msats.of(10_000 - 700 - 300));
        assertThat(freeAfter.reserved()).isEqualTo(Msats.ZERO);
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }

    @Test
    void aHoldOnAKeyJustRead_asAnXCashuRequestTakesIt_namesItsKeysWriter_soItsSettlementLocksTheRowThere() {
        // An X-Cashu request (and an sk- key's first request) holds from the key it has just read, by a reservation
        // the application opens: its settlement, asked for by id alone, must still run on the writer of the key.
        ReserveForRequestService reserve = new ReserveForRequestService(
                accounts,
                accounts,
                new MutableClock(now),
                new BillingPolicy(Msats.of(1), Duration.ofMinutes(10), Msats.ZERO, 100, Duration.ofMinutes(30)),
                InstanceId.random());
        for (int i = 0; i < 16; i++) {
            ApiKey key = fundedKey();
            ReserveOutcome outcome = reserve.reserve(
                    ReserveForRequestCommand.forKey(accounts.findById(key.id()).orElseThrow(), Msats.of(HOLD)));

            assertThat(outcome).isInstanceOf(ReserveOutcome.Reserved.class);
            ReservationId held =
                    ((ReserveOutcome.Reserved) outcome).reservation().id();
            assertThat(WriterBucket.of(held)).isEqualTo(WriterBucket.of(key.id()));
            assertThat(accounts.settle(held, Msats.of(700), now)).isInstanceOf(SettleResult.Charged.class);
        }
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }

    private int lane(ApiKey key) {
        return WriterBucket.of(key.id()).value() % twoWriters.writers();
    }

    private ApiKey fundedKey() {
        ApiKey key = accounts.createIfAbsent(anApiKey().createdAt(now).build());
        accounts.credit(key.id(), Msats.of(10_000), "deposit:" + UUID.randomUUID(), now);
        return key;
    }

    private ReservationId held(ApiKey key) {
        KeyReserveResult result =
                accounts.reserveForKey(key.id(), Msats.of(HOLD), InstanceId.random(), now, ZoneOffset.UTC);
        assertThat(result).isInstanceOf(KeyReserveResult.Tried.class);
        ReserveResult reserved = ((KeyReserveResult.Tried) result).result();
        assertThat(reserved).isInstanceOf(ReserveResult.Reserved.class);
        return ((ReserveResult.Reserved) reserved).reservation().id();
    }

    private void awaitWaitingForARowLock() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (jdbc.queryForObject(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                + " AND query LIKE '%api_keys%'",
                        Long.class)
                < 1) {
            assertThat(System.nanoTime()).as("a statement waits for the row").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    private void awaitQueued(int statements) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (twoWriters.queued() < statements) {
            assertThat(System.nanoTime()).as("%d statements queued", statements).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    /** Longer than any of the test's own waits, so that a stuck writer is still stuck when the test looks. */
    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(60, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}

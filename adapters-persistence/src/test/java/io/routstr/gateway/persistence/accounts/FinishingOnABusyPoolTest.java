package io.routstr.gateway.persistence.accounts;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.port.out.BalancePort.KeyReserveResult;
import io.routstr.gateway.application.port.out.BalancePort.ReleaseResult;
import io.routstr.gateway.application.port.out.BalancePort.ReserveResult;
import io.routstr.gateway.application.port.out.BalancePort.SettleResult;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.InstanceId;
import io.routstr.gateway.domain.reservation.ReservationId;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.test.context.TestPropertySource;

/**
 * A request that holds a reservation finishes it even when the pool is busy for longer than one wait for a connection:
 * giving up there would leave the hold on the key until the stale-reservation sweep. Here the pool has one connection,
 * a wait lasts 250 ms, and another caller keeps the connection for about three waits.
 */
@PostgresAdapterTest
@TestPropertySource(
        properties = {"spring.datasource.hikari.maximum-pool-size=1", "spring.datasource.hikari.connection-timeout=250"
        })
class FinishingOnABusyPoolTest {

    private static final long BUSY_MILLIS = 800;

    @Autowired
    JpaAccountsAdapter accounts;

    @Autowired
    DataSource dataSource;

    @Autowired
    GroupCommit groupCommit;

    private final Instant now = Instant.parse("2026-03-10T12:00:00Z");

    private ApiKey fundedKey() {
        ApiKey key = accounts.createIfAbsent(anApiKey().createdAt(now).build());
        accounts.credit(key.id(), Msats.of(10_000), "deposit:" + UUID.randomUUID(), now);
        return key;
    }

    private ReservationId held(ApiKey key) {
        KeyReserveResult result =
                accounts.reserveForKey(key.id(), Msats.of(1_000), InstanceId.random(), now, ZoneOffset.UTC);
        assertThat(result)
                .isInstanceOfSatisfying(
                        KeyReserveResult.Tried.class,
                        tried -> assertThat(tried.result()).isInstanceOf(ReserveResult.Reserved.class));
        return ((ReserveResult.Reserved) ((KeyReserveResult.Tried) result).result())
                .reservation()
                .id();
    }

    /** Takes the pool's only connection and gives it back after {@link #BUSY_MILLIS}. */
    private CompletableFuture<Void> poolBusy() throws InterruptedException {
        CountDownLatch taken = new CountDownLatch(1);
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try (Connection connection = dataSource.getConnection()) {
                taken.countDown();
                Thread.sleep(BUSY_MILLIS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        taken.await();
        return done;
    }

    @Test
    void aSettlementWaitsOutABusyPoolAndChargesOnce() throws Exception {
        ApiKey key = fundedKey();
        ReservationId reservation = held(key);
        CompletableFuture<Void> busy = poolBusy();

        SettleResult result;
        try {
            result = accounts.settle(reservation, Msats.of(700), now);
        } finally {
            busy.join();
        }
        assertThat(result).isInstanceOf(SettleResult.Charged.class);
        ApiKey after = accounts.findById(key.id()).orElseThrow();
        assertThat(after.reserved()).isEqualTo(Msats.ZERO);
        assertThat(after.balance()).isEqualTo(Msats.of(9_300));
    }

    @Test
    void aReleaseWaitsOutABusyPoolAndFreesTheHold() throws Exception {
        ApiKey key = fundedKey();
        ReservationId reservation = held(key);
        CompletableFuture<Void> busy = poolBusy();

        ReleaseResult result;
        try {
            result = accounts.release(reservation, now);
        } finally {
            busy.join();
        }
        assertThat(result).isEqualTo(ReleaseResult.RELEASED);
        assertThat(accounts.findById(key.id()).orElseThrow().reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void aBatchThatFindsThePoolBusyFailsItsHoldAsBusy_andItsSettlementAsksAgainAndChargesOnce() throws Exception {
        ApiKey key = fundedKey();
        ReservationId reservation = held(key);
        CountDownLatch leading = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        // Holds the writer while the hold and the settlement queue behind it: they form one batch.
        Supplier<Integer> blocking = () -> {
            leading.countDown();
            try {
                letGo.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return 0;
        };

        Future<KeyReserveResult> hold;
        Future<SettleResult> settle;
        CompletableFuture<Void> busy;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                threads.submit(() -> groupCommit.run(blocking, blocking));
                assertThat(leading.await(10, TimeUnit.SECONDS)).isTrue();
                hold = threads.submit(() ->
                        accounts.reserveForKey(key.id(), Msats.of(1_000), InstanceId.random(), now, ZoneOffset.UTC));
                awaitQueued(1);
                settle = threads.submit(() -> accounts.settle(reservation, Msats.of(700), now));
                awaitQueued(2);
                busy = poolBusy();
            } finally {
                letGo.countDown();
            }

            // A batch of calls only asks the pool for an autocommitted connection; the REST adapter answers 503 by
            // the pool's own exception, the root cause.
            assertThatThrownBy(() -> hold.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(CannotGetJdbcConnectionException.class)
                    .hasRootCauseInstanceOf(SQLTransientConnectionException.class);
            assertThat(settle.get(10, TimeUnit.SECONDS)).isInstanceOf(SettleResult.Charged.class);
            busy.join();
        }
        ApiKey after = accounts.findById(key.id()).orElseThrow();
        assertThat(after.reserved()).isEqualTo(Msats.ZERO);
        assertThat(after.balance()).isEqualTo(Msats.of(9_300));
    }

    private void awaitQueued(int statements) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (groupCommit.queued() < statements) {
            assertThat(System.nanoTime()).as("%d statements queued", statements).isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}

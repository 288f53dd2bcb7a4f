package io.routstr.gateway.persistence.accounts;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.BalancePort.KeyReserveResult;
import io.routstr.gateway.application.port.out.BalancePort.ReserveResult;
import io.routstr.gateway.application.port.out.BalancePort.SettleResult;
import io.routstr.gateway.application.port.out.BalancePort.SettledAndHeld;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.LimitResetPeriod;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.InstanceId;
import io.routstr.gateway.domain.reservation.ReservationId;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A settlement followed, in the same step, by a hold for the key's next request (a standing hold): one commit for a
 * lone request, an ordinary ACTIVE reservation afterwards, taken only for a key that pays for itself without a limit
 * and only from what the settlement left; the books exact however many requests do it at once.
 */
@PostgresAdapterTest
class StandingHoldStatementsTest {

    @Autowired
    JpaAccountsAdapter accounts;

    @Autowired
    GroupCommit groupCommit;

    @Autowired
    JdbcTemplate jdbc;

    private final Instant now = Instant.parse("2026-03-10T12:00:00Z");
    private final InstanceId instance = InstanceId.random();

    private ApiKey funded(ApiKey key, long msats) {
        ApiKey stored = accounts.createIfAbsent(key);
        accounts.credit(stored.id(), Msats.of(msats), "deposit:" + UUID.randomUUID(), now);
        return stored;
    }

    private ApiKey fundedKey(long msats) {
        return funded(anApiKey().createdAt(now).build(), msats);
    }

    private ReservationId held(ApiKey key, long msats) {
        KeyReserveResult result = accounts.reserveForKey(key.id(), Msats.of(msats), instance, now, ZoneOffset.UTC);
        assertThat(result).isInstanceOf(KeyReserveResult.Tried.class);
        ReserveResult reserved = ((KeyReserveResult.Tried) result).result();
        assertThat(reserved).isInstanceOf(ReserveResult.Reserved.class);
        return ((ReserveResult.Reserved) reserved).reservation().id();
    }

    private SettledAndHeld settleHoldingNext(ReservationId held, ApiKey key, long cost, long next) {
        return accounts.settleAndHoldNext(
                held, Msats.of(cost), ChargeDetails.NONE, key.id(), Msats.of(next), instance, now);
    }

    private ApiKey reload(ApiKey key) {
        return accounts.findById(key.id()).orElseThrow();
    }

    @Test
    void aLoneRequestsSettlementAndItsKeysNextHoldShareOneCommit_andTheHoldIsAnOrdinaryActiveReservation() {
        ApiKey key = fundedKey(10_000);
        ReservationId first = held(key, 1_000);
        long commitsBefore = groupCommit.commits();
        long statementsBefore = groupCommit.statements();

        SettledAndHeld result = settleHoldingNext(first, key, 700, 2_000);

        assertThat(groupCommit.commits() - commitsBefore).as("commits").isEqualTo(1);
        assertThat(groupCommit.statements() - statementsBefore).as("statements").isEqualTo(2);
        // The settlement reads as it would alone: the remainder does not count the hold placed after it.
        assertThat(result.settled()).isEqualTo(new SettleResult.Charged(Msats.of(700), Msats.ZERO, Msats.of(9_300)));
        assertThat(result.next()).hasValueSatisfying(next -> {
            assertThat(next.reservation().amount()).isEqualTo(Msats.of(2_000));
            assertThat(next.reservation().servedBy()).contains(instance);
            assertThat(next.keyValidUntil()).isEmpty();
        });
        ReservationId standing = result.next().orElseThrow().reservation().id();
        assertThat(jdbc.queryForObject("SELECT state FROM reservations WHERE id = ?", String.class, standing.value()))
                .isEqualTo("ACTIVE");
        assertThat(reload(key).reserved()).isEqualTo(Msats.of(2_000));

        // The next request takes it over and settles it as its own.
        assertThat(accounts.settle(standing, Msats.of(500), now))
                .isEqualTo(new SettleResult.Charged(Msats.of(500), Msats.ZERO, Msats.of(8_800)));
        assertThat(reload(key).reserved()).isEqualTo(Msats.ZERO);
        assertThat(reload(key).balance()).isEqualTo(Msats.of(8_800));
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }

    @Test
    void aKeyWhoseBalanceAfterTheSettlementDoesNotCoverTheNextHoldIsSettledWithoutOne() {
        ApiKey key = fundedKey(3_000);
        ReservationId first = held(key, 1_000);

        SettledAndHeld result = settleHoldingNext(first, key, 700, 2_400);

        assertThat(result.settled()).isEqualTo(new SettleResult.Charged(Msats.of(700), Msats.ZERO, Msats.of(2_300)));
        assertThat(result.next()).isEmpty();
        assertThat(reload(key).reserved()).isEqualTo(Msats.ZERO);
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }

    @Test
    void aKeyWithASpendingLimitGetsNoStandingHold_itsNextRequestIsHeldWithinTheLimit() {
        ApiKey key = funded(
                anApiKey()
                        .createdAt(now)
                        .withLimit(Msats.of(50_000), LimitResetPeriod.DAILY)
                        .build(),
                100_000);
        ReservationId first = held(key, 1_000);

        SettledAndHeld result = settleHoldingNext(first, key, 700, 2_000);

        assertThat(result.settled()).isInstanceOf(SettleResult.Charged.class);
        assertThat(result.next()).isEmpty();
        assertThat(reload(key).reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void anExpiredKeyGetsNoStandingHold() {
        ApiKey key = funded(anApiKey().createdAt(now).validUntil(now).build(), 10_000);
        ReservationId first = accounts.newReservationId(key.id());
        // Held before it expired, settled at its expiry.
        assertThat(accounts.reserve(
                        new io.routstr.gateway.domain.reservation.Reservation(
                                first,
                                key.id(),
                                key.id(),
                                Msats.of(1_000),
                                io.routstr.gateway.domain.reservation.ReservationState.ACTIVE,
                                now.minusSeconds(1),
                                java.util.Optional.of(instance)),
                        now.minusSeconds(1)))
                .isInstanceOf(ReserveResult.Reserved.class);

        SettledAndHeld result = settleHoldingNext(first, key, 700, 2_000);

        assertThat(result.settled()).isInstanceOf(SettleResult.Charged.class);
        assertThat(result.next()).isEmpty();
        assertThat(reload(key).reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void aChildKeysSettlementLeavesNoStandingHold_onItsParentOrItself() {
        ApiKey parent = fundedKey(100_000);
        ApiKey child = anApiKey().createdAt(now).childOf(parent).build();
        accounts.createChildKeys(parent.id(), Msats.ZERO, List.of(child), now);
        ReservationId first = held(child, 1_000);

        SettledAndHeld result = settleHoldingNext(first, child, 700, 2_000);

        assertThat(result.settled()).isInstanceOf(SettleResult.Charged.class);
        assertThat(result.next()).isEmpty();
        assertThat(reload(parent).reserved()).isEqualTo(Msats.ZERO);
        assertThat(reload(parent).balance()).isEqualTo(Msats.of(99_300));
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }

    @Test
    void manyClientsOnOneKeyEachTakingOverTheHoldTheirLastRequestLeft_theBooksComeOutExact() throws Exception {
        int clients = 32;
        int requestsPerClient = 20;
        long funds = 10_000_000;
        ApiKey key = fundedKey(funds);
        AtomicLong settlements = new AtomicLong();
        AtomicLong standingHolds = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                running.add(threads.submit(() -> {
                    start.await();
                    ReservationId hold = held(key, 1_000);
                    for (int r = 0; r < requestsPerClient; r++) {
                        SettledAndHeld result = settleHoldingNext(hold, key, 700, 1_000);
                        assertThat(result.settled()).isInstanceOf(SettleResult.Charged.class);
                        settlements.incrementAndGet();
                        if (result.next().isPresent()) {
                            standingHolds.incrementAndGet();
                            hold = result.next().get().reservation().id();
                        } else {
                            hold = held(key, 1_000);
                        }
                    }
                    assertThat(accounts.settle(hold, Msats.of(700), now)).isInstanceOf(SettleResult.Charged.class);
                    settlements.incrementAndGet();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> client : running) {
                client.get(60, TimeUnit.SECONDS);
            }
        }

        ApiKey after = reload(key);
        assertThat(standingHolds.get()).as("standing holds taken").isEqualTo((long) clients * requestsPerClient);
        assertThat(after.reserved()).isEqualTo(Msats.ZERO);
        assertThat(after.balance()).isEqualTo(Msats.of(funds - settlements.get() * 700));
        assertThat(after.totalRequests()).isEqualTo(settlements.get());
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM reservations WHERE billing_key_id = ? AND state = 'ACTIVE'",
                        Long.class,
                        key.id().value()))
                .isZero();
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }
}

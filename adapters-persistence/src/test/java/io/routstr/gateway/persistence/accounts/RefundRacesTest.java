package io.routstr.gateway.persistence.accounts;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.FakePayouts;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.in.key.RefundBalanceCommand;
import io.routstr.gateway.application.port.in.key.RefundOutcome;
import io.routstr.gateway.application.port.out.BalancePort.ReserveResult;
import io.routstr.gateway.application.service.BillingPolicy;
import io.routstr.gateway.application.service.RefundBalanceService;
import io.routstr.gateway.application.service.StandingHoldsService;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.Reservation;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Refunds racing requests and each other on PostgreSQL: never paid twice, every msat accounted for. */
@PostgresAdapterTest
class RefundRacesTest {

    @Autowired
    JpaAccountsAdapter accounts;

    @Autowired
    JdbcRefundClaimsAdapter claims;

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");

    @Test
    void refundsRacingRequestsAndEachOtherNeverPayTwiceAndLoseNothing() throws Exception {
        for (int round = 0; round < 5; round++) {
            FakePayouts payouts = new FakePayouts();
            RefundBalanceService refunds = new RefundBalanceService(
                    accounts,
                    accounts,
                    claims,
                    payouts,
                    clock,
                    BillingPolicy.defaults(),
                    StandingHoldsService.off(accounts, clock));
            ApiKey key = accounts.createIfAbsent(anApiKey().build());
            long deposit = 1_000_000;
            accounts.credit(key.id(), Msats.of(deposit), "race-deposit:" + key.id(), clock.now());
            AtomicLong charged = new AtomicLong();
            List<RefundOutcome> outcomes = new CopyOnWriteArrayList<>();
            CountDownLatch start = new CountDownLatch(1);

            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 40; i++) {
                    executor.submit(() -> {
                        start.await();
                        if (accounts.reserve(
                                        Reservation.open(key.id(), key.id(), Msats.of(10_000), clock.now()),
                                        clock.now())
                                instanceof ReserveResult.Reserved reserved) {
                            accounts.settle(reserved.reservation().id(), Msats.of(7_000), clock.now());
                            charged.addAndGet(7_000);
                        }
                        return null;
                    });
                }
                for (int i = 0; i < 10; i++) {
                    executor.submit(() -> {
                        start.await();
                        outcomes.add(refunds.refund(new RefundBalanceCommand(key.id())));
                        return null;
                    });
                }
                start.countDown();
            }

            long paid = payouts.paid().stream().mapToLong(Msats::value).sum();
            long left = accounts.findById(key.id()).orElseThrow().balance().value();
            assertThat(paid + charged.get() + left).isEqualTo(deposit);
            // A refund arriving after another was paid is answered with that refund again (the same claim and token).
            assertThat(outcomes.stream()
                            .filter(o -> o instanceof RefundOutcome.Refunded)
                            .map(o -> ((RefundOutcome.Refunded) o).refundId())
                            .distinct()
                            .count())
                    .isEqualTo(payouts.paid().size());
            long refundedInLedger = accounts.entriesFor(key.id(), 1_000).stream()
                    .filter(e -> e.type() == LedgerEntryType.REFUND)
                    .mapToLong(e -> e.amount().value())
                    .sum();
            assertThat(refundedInLedger).isEqualTo(paid);
            assertThat(accounts.balanceReport().holds()).isTrue();
        }
    }
}

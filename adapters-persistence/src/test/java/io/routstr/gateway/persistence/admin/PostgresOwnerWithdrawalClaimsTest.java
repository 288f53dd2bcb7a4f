package io.routstr.gateway.persistence.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.admin.OwnerWithdrawalPort;
import io.routstr.gateway.domain.admin.OwnerWithdrawal;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Owner withdrawals on PostgreSQL: claims are checked one at a time against the funds, and a payout is booked once. */
@PostgresAdapterTest
class PostgresOwnerWithdrawalClaimsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Autowired
    OwnerWithdrawalPort withdrawals;

    @Autowired
    JdbcClient jdbc;

    // Each test has a mint of its own, so the shared database's other withdrawals never count.
    private final MintUrl mint = MintUrl.of("https://mint-" + UUID.randomUUID() + ".example");

    @Test
    void concurrentClaimsNeverTogetherExceedTheOwnerFunds() throws Exception {
        List<Callable<Optional<Long>>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            claims.add(() -> withdrawals.claim(withdrawal(100), 300));
        }
        List<Optional<Long>> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Optional<Long>> outcome : pool.invokeAll(claims)) {
                outcomes.add(outcome.get());
            }
        }

        assertThat(outcomes.stream().filter(Optional::isEmpty)).hasSize(3);
        assertThat(outcomes.stream().filter(Optional::isPresent)).allMatch(refused -> refused.get() == 300);
        assertThat(claimed()).isEqualTo(300);
    }

    @Test
    void aFailedWithdrawalNoLongerCountsAndAnUnknownOneStillDoes() {
        OwnerWithdrawal failed = withdrawal(200);
        OwnerWithdrawal unknown = withdrawal(100);
        assertThat(withdrawals.claim(failed, 300)).isEmpty();
        assertThat(withdrawals.claim(unknown, 300)).isEmpty();

        withdrawals.markUnpaid(failed.id(), OwnerWithdrawal.State.FAILED, "mint said no", NOW);
        withdrawals.markUnpaid(unknown.id(), OwnerWithdrawal.State.UNKNOWN, "timed out", NOW);

        assertThat(withdrawals.claim(withdrawal(201), 300)).contains(100L);
        assertThat(withdrawals.claim(withdrawal(200), 300)).isEmpty();
    }

    @Test
    void aPaidWithdrawalIsBookedOnceHoweverOftenItIsMarkedPaid() {
        OwnerWithdrawal paid = withdrawal(100);
        assertThat(withdrawals.claim(paid, 100)).isEmpty();

        withdrawals.markPaid(paid.id(), Msats.of(100_000), Msats.of(2_000), NOW);
        withdrawals.markPaid(paid.id(), Msats.of(100_000), Msats.of(2_000), NOW);

        List<String> booked = jdbc.sql("SELECT entry_type || ':' || amount_msats FROM ledger_entries"
                        + " WHERE reference = ? ORDER BY entry_type")
                .params("admin-withdrawal:" + paid.id())
                .query(String.class)
                .list();
        assertThat(booked).containsExactly("MINT_FEE:2000", "PAYOUT:100000");
        assertThat(claimed()).isZero();
    }

    private OwnerWithdrawal withdrawal(long amount) {
        return new OwnerWithdrawal(
                UUID.randomUUID(),
                mint,
                CurrencyUnit.of("sat"),
                amount,
                OwnerWithdrawal.Destination.TOKEN,
                OwnerWithdrawal.State.CLAIMED,
                Optional.empty(),
                NOW);
    }

    private long claimed() {
        return jdbc.sql("SELECT coalesce(sum(amount), 0) FROM admin_withdrawals"
                        + " WHERE mint_url = ? AND state IN ('CLAIMED', 'UNKNOWN')")
                .params(mint.value())
                .query(Long.class)
                .single();
    }
}

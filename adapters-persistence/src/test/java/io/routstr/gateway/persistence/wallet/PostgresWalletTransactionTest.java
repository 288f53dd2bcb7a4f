package io.routstr.gateway.persistence.wallet;

import static io.routstr.gateway.application.contract.WalletFixtures.aKeyset;
import static io.routstr.gateway.application.contract.WalletFixtures.aMint;
import static io.routstr.gateway.application.contract.WalletFixtures.aProof;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.port.out.WalletJournalPort.Operation;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationKind;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationState;
import io.routstr.gateway.application.port.out.WalletJournalPort.OutputRange;
import io.routstr.gateway.application.port.out.WalletProofStorePort.IncomingClaim;
import io.routstr.gateway.application.port.out.WalletProofStorePort.NewProof;
import io.routstr.gateway.application.port.out.WalletProofStorePort.ProofSelector;
import io.routstr.gateway.application.port.out.WalletProofStorePort.StoredProof;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The journal's one transaction over the wallet's stores: what a redemption writes before its mint call (the
 * operation, the client's proofs claimed under it, its outputs' counters) commits once, or not at all.
 */
@PostgresAdapterTest
class PostgresWalletTransactionTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @Autowired
    JdbcWalletJournalAdapter journal;

    @Autowired
    JdbcWalletProofStoreAdapter proofs;

    @Autowired
    JdbcClient jdbc;

    private static Operation aReceive(UUID id, MintUrl mint) {
        return Operation.prepare(
                id, OperationKind.RECEIVE, mint, CurrencyUnit.SAT, Optional.empty(), Optional.empty(), NOW);
    }

    @Test
    void theOperationItsClaimedProofsAndItsOutputs_commitAsOneTransaction() {
        MintUrl mint = aMint();
        KeysetId keyset = aKeyset();
        UUID op = UUID.randomUUID();
        List<NewProof> incoming = List.of(aProof(keyset, 8), aProof(keyset, 2));

        OutputRange range = journal.inOneTransaction(
                () -> {
                    journal.open(aReceive(op, mint));
                    proofs.claimIncoming(op, mint, CurrencyUnit.SAT, incoming, NOW);
                    return journal.reserveOutputs(op, keyset, 2, NOW);
                },
                reserved -> true);

        assertThat(range.count()).isEqualTo(2);
        assertThat(journal.find(op).orElseThrow().state()).isEqualTo(OperationState.IN_FLIGHT);
        // Rows written by one transaction carry its id as xmin.
        List<String> writers = jdbc.sql("""
                        SELECT xmin::text FROM wallet_operations WHERE id = :op
                        UNION SELECT xmin::text FROM wallet_proofs WHERE operation_id = :op
                        UNION SELECT xmin::text FROM wallet_keyset_counters WHERE keyset_id = :keyset
                        """)
                .param("op", op)
                .param("keyset", keyset.value())
                .query(String.class)
                .list();
        assertThat(writers).hasSize(1);
    }

    @Test
    void aClaimThatConflicts_rollsBackTheOperationWithIt_withoutAnError_andLeavesTheHolderAsItWas() {
        MintUrl mint = aMint();
        KeysetId keyset = aKeyset();
        NewProof shared = aProof(keyset, 8);
        UUID first = UUID.randomUUID();
        journal.open(aReceive(first, mint));
        proofs.claimIncoming(first, mint, CurrencyUnit.SAT, List.of(shared), NOW);
        UUID second = UUID.randomUUID();

        IncomingClaim claim = journal.inOneTransaction(
                () -> {
                    journal.open(aReceive(second, mint));
                    return proofs.claimIncoming(second, mint, CurrencyUnit.SAT, List.of(shared), NOW);
                },
                claimed -> claimed instanceof IncomingClaim.Claimed);

        assertThat(claim).isEqualTo(new IncomingClaim.Conflict(Optional.of(first)));
        assertThat(journal.find(second)).isEmpty();
        assertThat(proofs.byOperation(first)).hasSize(1);
        assertThat(journal.nextCounter(keyset)).isZero();
    }

    @Test
    void workThatThrows_leavesNothing() {
        MintUrl mint = aMint();
        KeysetId keyset = aKeyset();
        UUID op = UUID.randomUUID();

        assertThatThrownBy(() -> journal.inOneTransaction(
                        () -> {
                            journal.open(aReceive(op, mint));
                            journal.reserveOutputs(op, keyset, 3, NOW);
                            throw new IllegalStateException("fault injected after the reservation");
                        },
                        nothing -> true))
                .isInstanceOf(IllegalStateException.class);

        assertThat(journal.find(op)).isEmpty();
        assertThat(journal.nextCounter(keyset)).isZero();
    }

    @Test
    void aClaimHeldOpenByAnotherOperation_locksOnlyTheProofsItTook_soAConcurrentClaimGetsOthers() throws Exception {
        MintUrl mint = aMint();
        KeysetId keyset = aKeyset();
        List<NewProof> wallet = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            wallet.add(aProof(keyset, 1));
        }
        proofs.addUnspent(mint, CurrencyUnit.SAT, wallet, NOW);
        ProofSelector twoLargest = candidates -> candidates.size() < 2 ? List.of() : candidates.subList(0, 2);
        CountDownLatch firstClaimed = new CountDownLatch(1);
        CountDownLatch firstMayCommit = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<List<StoredProof>> first = pool.submit(() -> journal.inOneTransaction(
                    () -> {
                        List<StoredProof> taken =
                                proofs.claim(UUID.randomUUID(), mint, CurrencyUnit.SAT, twoLargest, NOW);
                        firstClaimed.countDown();
                        awaitQuietly(firstMayCommit);
                        return taken;
                    },
                    taken -> true));
            assertThat(firstClaimed.await(30, TimeUnit.SECONDS)).isTrue();

            List<StoredProof> second;
            try {
                second = proofs.claim(UUID.randomUUID(), mint, CurrencyUnit.SAT, twoLargest, NOW);
            } finally {
                firstMayCommit.countDown();
            }

            assertThat(first.get(30, TimeUnit.SECONDS)).hasSize(2);
            assertThat(second).hasSize(2);
            assertThat(second)
                    .extracting(StoredProof::y)
                    .doesNotContainAnyElementsOf(
                            first.get().stream().map(StoredProof::y).toList());
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

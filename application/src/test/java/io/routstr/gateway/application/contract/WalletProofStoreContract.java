package io.routstr.gateway.application.contract;

import static io.routstr.gateway.application.contract.WalletFixtures.aKeyset;
import static io.routstr.gateway.application.contract.WalletFixtures.aMint;
import static io.routstr.gateway.application.contract.WalletFixtures.aProof;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.WalletProofStorePort;
import io.routstr.gateway.application.port.out.WalletProofStorePort.Holding;
import io.routstr.gateway.application.port.out.WalletProofStorePort.IncomingClaim;
import io.routstr.gateway.application.port.out.WalletProofStorePort.NewProof;
import io.routstr.gateway.application.port.out.WalletProofStorePort.OutgoingToken;
import io.routstr.gateway.application.port.out.WalletProofStorePort.ProofState;
import io.routstr.gateway.application.port.out.WalletProofStorePort.StoredProof;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The contract of {@link WalletProofStorePort}: every implementation, in memory or on PostgreSQL, must pass it. */
public abstract class WalletProofStoreContract {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final CurrencyUnit SAT = CurrencyUnit.SAT;

    protected abstract WalletProofStorePort store();

    private final MintUrl mint = aMint();
    private final KeysetId keyset = aKeyset();

    private List<NewProof> proofs(long... amounts) {
        List<NewProof> out = new ArrayList<>();
        for (long amount : amounts) {
            out.add(aProof(keyset, amount));
        }
        return out;
    }

    private static List<String> ys(List<?> proofs) {
        return proofs.stream()
                .map(p -> p instanceof NewProof n ? n.y() : ((StoredProof) p).y())
                .toList();
    }

    private Holding holding() {
        return store().holdings().stream()
                .filter(h -> h.mint().equals(mint) && h.unit().equals(SAT))
                .findFirst()
                .orElse(new Holding(mint, SAT, 0, 0));
    }

    @Test
    void givenStoredProofs_addingThemAgain_storesNothingTwice() {
        List<NewProof> added = proofs(1, 2, 4);

        assertThat(store().addUnspent(mint, SAT, added, NOW)).isEqualTo(3);
        assertThat(store().addUnspent(mint, SAT, added, NOW)).isZero();

        assertThat(holding()).isEqualTo(new Holding(mint, SAT, 7, 0));
    }

    @Test
    void claim_movesTheSelectedProofsToPendingUnderTheOperation() {
        store().addUnspent(mint, SAT, proofs(8, 4, 2, 1), NOW);
        UUID operation = UUID.randomUUID();

        List<StoredProof> claimed = store().claim(operation, mint, SAT, candidates -> candidates.subList(0, 2), NOW);

        assertThat(claimed).extracting(StoredProof::amount).containsExactly(8L, 4L);
        assertThat(claimed).allSatisfy(p -> {
            assertThat(p.state()).isEqualTo(ProofState.PENDING);
            assertThat(p.operationId()).contains(operation);
        });
        assertThat(holding()).isEqualTo(new Holding(mint, SAT, 3, 12));
        assertThat(store().byOperation(operation)).hasSize(2);
    }

    @Test
    void claim_offersCandidatesLargestFirstAndOnlyUnspentOnesOfTheMintAndUnit() {
        store().addUnspent(mint, SAT, proofs(2, 16, 1), NOW);
        store().addUnspent(mint, CurrencyUnit.MSAT, proofs(1000), NOW);
        store().addUnspent(aMint(), SAT, proofs(64), NOW);
        List<Long> seen = new ArrayList<>();

        store().claim(
                        UUID.randomUUID(),
                        mint,
                        SAT,
                        candidates -> {
                            candidates.forEach(c -> seen.add(c.amount()));
                            return List.of();
                        },
                        NOW);

        assertThat(seen).containsExactly(16L, 2L, 1L);
    }

    @Test
    void concurrentClaims_neverTakeTheSameProof() throws Exception {
        store().addUnspent(
                        mint,
                        SAT,
                        proofs(IntStream.range(0, 40).mapToLong(i -> 1).toArray()),
                        NOW);
        int workers = 8;
        List<Callable<List<StoredProof>>> claims = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            claims.add(() -> store().claim(
                            UUID.randomUUID(),
                            mint,
                            SAT,
                            candidates -> candidates.subList(0, Math.min(5, candidates.size())),
                            NOW));
        }
        List<StoredProof> all = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            for (Future<List<StoredProof>> claim : pool.invokeAll(claims)) {
                all.addAll(claim.get());
            }
        }

        Set<String> distinct = new HashSet<>(ys(all));
        assertThat(distinct).hasSize(all.size());
        assertThat(holding().pending()).isEqualTo(all.size());
        assertThat(holding().unspent() + holding().pending()).isEqualTo(40);
    }

    @Test
    void markSpentAndRelease_moveOnlyProofsPendingUnderThatOperation() {
        store().addUnspent(mint, SAT, proofs(8, 4, 2), NOW);
        UUID operation = UUID.randomUUID();
        List<StoredProof> claimed = store().claim(operation, mint, SAT, candidates -> candidates.subList(0, 2), NOW);

        assertThat(store().markSpent(UUID.randomUUID(), ys(claimed), NOW)).isZero();
        assertThat(store().markSpent(operation, ys(claimed.subList(0, 1)), NOW)).isEqualTo(1);
        assertThat(store().release(operation, ys(claimed), NOW)).isEqualTo(1);
        assertThat(store().release(operation, ys(claimed), NOW)).isZero();

        assertThat(holding()).isEqualTo(new Holding(mint, SAT, 6, 0));
        assertThat(store().inState(mint, SAT, ProofState.SPENT))
                .extracting(StoredProof::amount)
                .containsExactly(8L);
    }

    @Test
    void settleSwap_holdsTheNewProofsAndSpendsTheOperationsInputs() {
        UUID operation = UUID.randomUUID();
        List<NewProof> inputs = proofs(8);
        store().claimIncoming(operation, mint, SAT, inputs, NOW);

        int spent = store().settleSwap(operation, mint, SAT, proofs(4, 2, 1), ys(inputs), NOW);

        assertThat(spent).isEqualTo(1);
        assertThat(holding()).isEqualTo(new Holding(mint, SAT, 7, 0));
        assertThat(store().byOperation(operation))
                .extracting(StoredProof::state)
                .containsExactly(ProofState.SPENT);
    }

    @Test
    void claimIncoming_recordsAClientsProofsAsPendingButNotAsHoldings() {
        UUID operation = UUID.randomUUID();

        assertThat(store().claimIncoming(operation, mint, SAT, proofs(4, 1), NOW))
                .isEqualTo(new IncomingClaim.Claimed());

        assertThat(store().byOperation(operation)).hasSize(2).allSatisfy(p -> {
            assertThat(p.incoming()).isTrue();
            assertThat(p.state()).isEqualTo(ProofState.PENDING);
        });
        assertThat(holding()).isEqualTo(new Holding(mint, SAT, 0, 0));
    }

    @Test
    void claimIncoming_ofAProofAlreadyStored_storesNoneAndNamesTheHolder() {
        UUID first = UUID.randomUUID();
        List<NewProof> token = proofs(4, 1);
        store().claimIncoming(first, mint, SAT, token, NOW);
        UUID second = UUID.randomUUID();
        List<NewProof> overlapping = List.of(token.get(1), aProof(keyset, 8));

        assertThat(store().claimIncoming(second, mint, SAT, overlapping, NOW))
                .isEqualTo(new IncomingClaim.Conflict(Optional.of(first)));
        assertThat(store().byOperation(second)).isEmpty();
    }

    @Test
    void concurrentClaimsOfTheSameIncomingProofs_admitExactlyOne() throws Exception {
        List<NewProof> token = proofs(2, 1);
        List<Callable<IncomingClaim>> claims = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            claims.add(() -> store().claimIncoming(UUID.randomUUID(), mint, SAT, token, NOW));
        }
        int claimed = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            for (Future<IncomingClaim> claim : pool.invokeAll(claims)) {
                if (claim.get() instanceof IncomingClaim.Claimed) {
                    claimed++;
                }
            }
        }
        assertThat(claimed).isEqualTo(1);
    }

    @Test
    void claimIncoming_ofProofsTheWalletHandedOut_takesThemOver() {
        List<NewProof> change = proofs(4, 1);
        UUID send = UUID.randomUUID();
        store().recordOutgoing(
                        new OutgoingToken(UUID.randomUUID(), send, mint, SAT, 5, "cashuBchange", "change", NOW),
                        change,
                        NOW);
        UUID receive = UUID.randomUUID();

        assertThat(store().claimIncoming(receive, mint, SAT, change, NOW)).isEqualTo(new IncomingClaim.Claimed());

        assertThat(store().byOperation(receive)).hasSize(2).allSatisfy(p -> {
            assertThat(p.incoming()).isTrue();
            assertThat(p.state()).isEqualTo(ProofState.PENDING);
        });
    }

    @Test
    void claimIncoming_ofTheWalletsOwnUnspentProofs_conflicts() {
        List<NewProof> own = proofs(4);
        store().addUnspent(mint, SAT, own, NOW);

        assertThat(store().claimIncoming(UUID.randomUUID(), mint, SAT, own, NOW))
                .isEqualTo(new IncomingClaim.Conflict(Optional.empty()));
    }

    @Test
    void forgetIncoming_dropsTheClientsProofsSoTheyCanBePresentedAgain() {
        UUID operation = UUID.randomUUID();
        List<NewProof> token = proofs(4);
        store().claimIncoming(operation, mint, SAT, token, NOW);

        assertThat(store().forgetIncoming(operation)).isEqualTo(1);

        assertThat(store().claimIncoming(UUID.randomUUID(), mint, SAT, token, NOW))
                .isEqualTo(new IncomingClaim.Claimed());
    }

    @Test
    void recordOutgoing_storesTheTokenAndItsProofsAsSpent() {
        UUID operation = UUID.randomUUID();
        List<NewProof> carried = proofs(4, 1);
        OutgoingToken token =
                new OutgoingToken(UUID.randomUUID(), operation, mint, SAT, 5, "cashuBtest", "refund-1", NOW);

        store().recordOutgoing(token, carried, NOW);

        assertThat(store().findOutgoing(token.id())).contains(token);
        assertThat(store().byOperation(operation))
                .hasSize(2)
                .allSatisfy(p -> assertThat(p.state()).isEqualTo(ProofState.SPENT));
        assertThat(holding()).isEqualTo(new Holding(mint, SAT, 0, 0));
    }

    @Test
    void findOutgoingByReference_findsTheTokenHandedOutUnderIt() {
        OutgoingToken token =
                new OutgoingToken(UUID.randomUUID(), UUID.randomUUID(), mint, SAT, 5, "cashuBtest", "refund:abc", NOW);
        store().recordOutgoing(token, proofs(4, 1), NOW);

        assertThat(store().findOutgoingByReference("refund:abc")).contains(token);
        assertThat(store().findOutgoingByReference("refund:other")).isEmpty();
    }

    @Test
    void recordOutgoing_ofProofsTheWalletClaimed_marksThemSpent() {
        store().addUnspent(mint, SAT, proofs(4, 1), NOW);
        UUID operation = UUID.randomUUID();
        List<StoredProof> claimed = store().claim(operation, mint, SAT, c -> c, NOW);
        List<NewProof> carried =
                claimed.stream().map(p -> new NewProof(p.proof(), p.y())).toList();

        store().recordOutgoing(
                        new OutgoingToken(UUID.randomUUID(), operation, mint, SAT, 5, "cashuBtest", "send", NOW),
                        carried,
                        NOW);

        assertThat(holding()).isEqualTo(new Holding(mint, SAT, 0, 0));
        assertThat(store().inState(mint, SAT, ProofState.SPENT)).hasSize(2);
    }

    @Test
    void storedProofs_keepTheirSecretsByteExact() {
        NewProof proof = aProof(keyset, 2);
        store().addUnspent(mint, SAT, List.of(proof), NOW);

        assertThat(store().inState(mint, SAT, ProofState.UNSPENT))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.proof()).isEqualTo(proof.proof());
                    assertThat(p.y()).isEqualTo(proof.y());
                    assertThat(p.incoming()).isFalse();
                });
    }
}

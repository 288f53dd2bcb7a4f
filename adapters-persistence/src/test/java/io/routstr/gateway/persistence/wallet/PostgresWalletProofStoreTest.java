package io.routstr.gateway.persistence.wallet;

import static io.routstr.gateway.application.contract.WalletFixtures.aKeyset;
import static io.routstr.gateway.application.contract.WalletFixtures.aMint;
import static io.routstr.gateway.application.contract.WalletFixtures.aProof;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.contract.WalletProofStoreContract;
import io.routstr.gateway.application.port.out.WalletProofStorePort;
import io.routstr.gateway.application.port.out.WalletProofStorePort.NewProof;
import io.routstr.gateway.application.port.out.WalletProofStorePort.OutgoingToken;
import io.routstr.gateway.application.port.out.WalletProofStorePort.ProofSelector;
import io.routstr.gateway.application.port.out.WalletProofStorePort.ProofState;
import io.routstr.gateway.application.port.out.WalletProofStorePort.StoredProof;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import io.routstr.gateway.persistence.StatementCountingDataSource;
import io.routstr.gateway.persistence.secret.AtRestCipher;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@PostgresAdapterTest
class PostgresWalletProofStoreTest extends WalletProofStoreContract {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @Autowired
    JdbcWalletProofStoreAdapter adapter;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    AtRestCipher cipher;

    /** Counts the statements of the adapter {@link #counted()} returns: each is a round trip to PostgreSQL. */
    private StatementCountingDataSource counting;

    @BeforeEach
    void countingStatementsFromNowOn() {
        counting = new StatementCountingDataSource(dataSource);
    }

    /** The adapter on a data source that counts the statements prepared on its connections. */
    private JdbcWalletProofStoreAdapter counted() {
        return new JdbcWalletProofStoreAdapter(counting.jdbcClient(), counting.transactions(), cipher);
    }

    @Override
    protected WalletProofStorePort store() {
        return adapter;
    }

    @Test
    void settlingASwap_storesTheNewProofsAndSpendsTheInputsInOneTransaction() {
        MintUrl mint = aMint();
        UUID operation = UUID.randomUUID();
        NewProof input = aProof(aKeyset(), 8);
        adapter.claimIncoming(operation, mint, CurrencyUnit.SAT, List.of(input), NOW);
        List<NewProof> fresh = List.of(aProof(aKeyset(), 4), aProof(aKeyset(), 2));

        int spent = adapter.settleSwap(operation, mint, CurrencyUnit.SAT, fresh, List.of(input.y()), NOW);

        assertThat(spent).isEqualTo(1);
        // Rows written by one transaction carry its id as xmin.
        List<String> writers = jdbc.sql("SELECT DISTINCT xmin::text FROM wallet_proofs WHERE y IN (:ys)")
                .param("ys", List.of(input.y(), fresh.get(0).y(), fresh.get(1).y()))
                .query(String.class)
                .list();
        assertThat(writers).hasSize(1);
        assertThat(adapter.byOperation(operation))
                .extracting(StoredProof::state)
                .containsExactly(ProofState.SPENT);
    }

    @Test
    void handingOutATokenAfterASwap_keepsTheChangeRecordsTheTokenAndSpendsTheInputsInOneTransaction() {
        MintUrl mint = aMint();
        UUID operation = UUID.randomUUID();
        NewProof input = aProof(aKeyset(), 16);
        adapter.addUnspent(mint, CurrencyUnit.SAT, List.of(input), NOW);
        adapter.claim(
                operation,
                mint,
                CurrencyUnit.SAT,
                candidates ->
                        candidates.stream().filter(c -> c.y().equals(input.y())).toList(),
                NOW);
        NewProof sent = aProof(aKeyset(), 8);
        NewProof kept = aProof(aKeyset(), 4);
        OutgoingToken token = new OutgoingToken(
                UUID.randomUUID(), operation, mint, CurrencyUnit.SAT, 8, "cashuBchange", "change-ref", NOW);

        adapter.recordOutgoingAfterSwap(token, List.of(sent), List.of(kept), List.of(input.y()), NOW);

        List<String> writers = jdbc.sql("SELECT DISTINCT xmin::text FROM wallet_proofs WHERE y IN (:ys)")
                .param("ys", List.of(input.y(), sent.y(), kept.y()))
                .query(String.class)
                .list();
        assertThat(writers).hasSize(1);
        assertThat(adapter.findOutgoingByReference("change-ref")).isPresent();
        assertThat(adapter.inState(mint, CurrencyUnit.SAT, ProofState.UNSPENT))
                .extracting(StoredProof::y)
                .contains(kept.y())
                .doesNotContain(input.y(), sent.y());
    }

    @Test
    void aProofsSecretAndAnOutgoingToken_areStoredSealed_andReadBackAsTheyWere() {
        MintUrl mint = aMint();
        NewProof proof = aProof(aKeyset(), 8);
        UUID operation = UUID.randomUUID();
        OutgoingToken token = new OutgoingToken(
                UUID.randomUUID(), operation, mint, CurrencyUnit.SAT, 8, "cashuBbearer-token", "sealed-ref", NOW);

        adapter.recordOutgoing(token, List.of(proof), NOW);

        String storedSecret = jdbc.sql("SELECT secret FROM wallet_proofs WHERE y = :y")
                .param("y", proof.y())
                .query(String.class)
                .single();
        String storedToken = jdbc.sql("SELECT token FROM wallet_outgoing_tokens WHERE id = :id")
                .param("id", token.id())
                .query(String.class)
                .single();
        assertThat(storedSecret).startsWith("v2:").doesNotContain(proof.proof().secret());
        assertThat(storedToken).startsWith("v2:").doesNotContain("bearer");
        assertThat(adapter.byOperation(operation))
                .extracting(StoredProof::proof)
                .containsExactly(proof.proof());
        assertThat(adapter.findOutgoing(token.id())).hasValue(token);
    }

    @Test
    void rowsWrittenBeforeSealing_areReadAsTheyAre() {
        MintUrl mint = aMint();
        NewProof proof = aProof(aKeyset(), 4);
        UUID operation = UUID.randomUUID();
        UUID tokenId = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO wallet_proofs (y, mint_url, unit, keyset_id, amount, secret, c, state, operation_id,
                                                   incoming, created_at, updated_at)
                        VALUES (:y, :mint, 'sat', :keyset, 4, :secret, :c, 'SPENT', :op, false, :now, :now)
                        """)
                .param("y", proof.y())
                .param("mint", mint.value())
                .param("keyset", proof.proof().keysetId().value())
                .param("secret", proof.proof().secret())
                .param("c", proof.proof().c())
                .param("op", operation)
                .param("now", NOW.atOffset(ZoneOffset.UTC))
                .update();
        jdbc.sql("""
                        INSERT INTO wallet_outgoing_tokens (id, operation_id, mint_url, unit, amount, token, reference,
                                                            created_at)
                        VALUES (:id, :op, :mint, 'sat', 4, 'cashuBplain-old-token', 'old-ref', :now)
                        """)
                .param("id", tokenId)
                .param("op", operation)
                .param("mint", mint.value())
                .param("now", NOW.atOffset(ZoneOffset.UTC))
                .update();

        assertThat(adapter.byOperation(operation)).singleElement().satisfies(stored -> {
            assertThat(stored.proof().secret()).isEqualTo(proof.proof().secret());
            assertThat(stored.state()).isEqualTo(ProofState.SPENT);
        });
        assertThat(adapter.findOutgoing(tokenId))
                .hasValueSatisfying(t -> assertThat(t.token()).isEqualTo("cashuBplain-old-token"));
    }

    // Each statement is a round trip on an X-Cashu request's path (issue 9): one per step of a write-ahead journal.

    @Test
    void claimingAClientsProofsAsIncoming_isOneStatement() {
        JdbcWalletProofStoreAdapter store = counted();

        store.claimIncoming(
                UUID.randomUUID(), aMint(), CurrencyUnit.SAT, List.of(aProof(aKeyset(), 8), aProof(aKeyset(), 2)), NOW);

        assertThat(counting.statementsPrepared()).isEqualTo(1);
    }

    @Test
    void settlingASwap_isOneStatement() {
        MintUrl mint = aMint();
        UUID operation = UUID.randomUUID();
        NewProof input = aProof(aKeyset(), 8);
        adapter.claimIncoming(operation, mint, CurrencyUnit.SAT, List.of(input), NOW);
        JdbcWalletProofStoreAdapter store = counted();

        int spent = store.settleSwap(
                operation,
                mint,
                CurrencyUnit.SAT,
                List.of(aProof(aKeyset(), 4), aProof(aKeyset(), 4)),
                List.of(input.y()),
                NOW);

        assertThat(spent).isEqualTo(1);
        assertThat(counting.statementsPrepared()).isEqualTo(1);
    }

    @Test
    void handingOutATokenAfterASwap_isOneStatement() {
        MintUrl mint = aMint();
        UUID operation = UUID.randomUUID();
        NewProof input = aProof(aKeyset(), 16);
        adapter.addUnspent(mint, CurrencyUnit.SAT, List.of(input), NOW);
        adapter.claim(
                operation,
                mint,
                CurrencyUnit.SAT,
                candidates ->
                        candidates.stream().filter(c -> c.y().equals(input.y())).toList(),
                NOW);
        OutgoingToken token = new OutgoingToken(
                UUID.randomUUID(), operation, mint, CurrencyUnit.SAT, 8, "cashuBcounted", "counted-ref", NOW);
        JdbcWalletProofStoreAdapter store = counted();

        store.recordOutgoingAfterSwap(
                token, List.of(aProof(aKeyset(), 8)), List.of(aProof(aKeyset(), 4)), List.of(input.y()), NOW);

        assertThat(counting.statementsPrepared()).isEqualTo(1);
        assertThat(adapter.byOperation(operation))
                .extracting(StoredProof::state)
                .containsOnly(ProofState.SPENT);
    }

    @Test
    void handingOutClaimedProofsAsTheyAre_isOneStatement() {
        MintUrl mint = aMint();
        UUID operation = UUID.randomUUID();
        NewProof held = aProof(aKeyset(), 8);
        adapter.addUnspent(mint, CurrencyUnit.SAT, List.of(held), NOW);
        adapter.claim(
                operation,
                mint,
                CurrencyUnit.SAT,
                candidates ->
                        candidates.stream().filter(c -> c.y().equals(held.y())).toList(),
                NOW);
        OutgoingToken token = new OutgoingToken(
                UUID.randomUUID(), operation, mint, CurrencyUnit.SAT, 8, "cashuBexact", "exact-ref", NOW);
        JdbcWalletProofStoreAdapter store = counted();

        store.recordOutgoingAfterSwap(token, List.of(held), List.of(), List.of(), NOW);

        assertThat(counting.statementsPrepared()).isEqualTo(1);
        assertThat(adapter.byOperation(operation))
                .singleElement()
                .extracting(StoredProof::state)
                .isEqualTo(ProofState.SPENT);
        assertThat(adapter.findOutgoingByReference("exact-ref")).isPresent();
    }

    @Test
    void aSelectionThatPaysAnAmount_isOfferedOnlyTheCandidatesThatCanPayIt() {
        MintUrl mint = aMint();
        KeysetId keyset = aKeyset();
        List<NewProof> held = proofs(keyset, 1, 20);
        held.addAll(proofs(keyset, 8, 3));
        held.addAll(proofs(keyset, 64, 1));
        adapter.addUnspent(mint, CurrencyUnit.SAT, held, NOW);
        Paying three = new Paying(
                3,
                candidates -> candidates.stream()
                        .filter(c -> c.proof().amount() == 1)
                        .limit(3)
                        .toList());

        List<StoredProof> claimed = adapter.claim(UUID.randomUUID(), mint, CurrencyUnit.SAT, three, NOW);

        assertThat(claimed).hasSize(3);
        // 3 / 1 + 2 of the 1-sat proofs, 2 of each larger amount, largest first.
        assertThat(three.offered.getFirst())
                .extracting(c -> c.proof().amount())
                .containsExactly(64L, 8L, 8L, 1L, 1L, 1L, 1L, 1L);
    }

    @Test
    void aWalletOfManyAmounts_isOfferedAFewOfEachAmountItHolds_inYOrder_andNothingOfOtherMintsOrUnits() {
        MintUrl mint = aMint();
        KeysetId keyset = aKeyset();
        List<NewProof> held = new ArrayList<>();
        for (long amount = 1; amount <= 512; amount *= 2) {
            held.addAll(proofs(keyset, amount, 6));
        }
        adapter.addUnspent(mint, CurrencyUnit.SAT, held, NOW);
        adapter.addUnspent(aMint(), CurrencyUnit.SAT, proofs(keyset, 1024, 3), NOW);
        adapter.addUnspent(mint, CurrencyUnit.MSAT, proofs(keyset, 2048, 3), NOW);
        Paying ten = new Paying(10, candidates -> candidates.subList(0, 1));

        adapter.claim(UUID.randomUUID(), mint, CurrencyUnit.SAT, ten, NOW);

        // 10 / a + 2 of each amount a up to 10 (as many as there are), 2 of each larger one, largest first.
        List<StoredProof> offered = ten.offered.getFirst();
        assertThat(offered)
                .extracting(c -> c.proof().amount())
                .containsExactly(
                        512L, 512L, 256L, 256L, 128L, 128L, 64L, 64L, 32L, 32L, 16L, 16L, 8L, 8L, 8L, 4L, 4L, 4L, 4L,
                        2L, 2L, 2L, 2L, 2L, 2L, 1L, 1L, 1L, 1L, 1L, 1L);
        for (long amount = 1; amount <= 512; amount *= 2) {
            long of = amount;
            List<String> ys = offered.stream()
                    .filter(c -> c.proof().amount() == of)
                    .map(StoredProof::y)
                    .toList();
            assertThat(ys).isSorted();
        }
    }

    @Test
    void whenThoseCandidatesCannotPayIt_everyCandidateIsOffered() {
        MintUrl mint = aMint();
        adapter.addUnspent(mint, CurrencyUnit.SAT, proofs(aKeyset(), 1, 12), NOW);
        // A selection that finds nothing among fewer than 10 candidates (as a covering pass may, with large fees).
        Paying picky = new Paying(1, candidates -> candidates.size() < 10 ? List.of() : candidates.subList(0, 1));

        List<StoredProof> claimed = adapter.claim(UUID.randomUUID(), mint, CurrencyUnit.SAT, picky, NOW);

        assertThat(claimed).hasSize(1);
        assertThat(picky.offered).extracting(List::size).containsExactly(3, 12);
    }

    private static List<NewProof> proofs(KeysetId keyset, long amount, int count) {
        List<NewProof> proofs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            proofs.add(aProof(keyset, amount));
        }
        return proofs;
    }

    /** A selection that pays {@code paid} and remembers what it was offered. */
    private record Paying(long paid, ProofSelector pass, List<List<StoredProof>> offered) implements ProofSelector {

        Paying(long paid, ProofSelector pass) {
            this(paid, pass, new ArrayList<>());
        }

        @Override
        public List<StoredProof> select(List<StoredProof> candidates) {
            offered.add(candidates);
            return pass.select(candidates);
        }

        @Override
        public OptionalLong amount() {
            return OptionalLong.of(paid);
        }
    }
}

package io.routstr.gateway.persistence.wallet;

import static io.routstr.gateway.application.contract.WalletFixtures.aKeyset;
import static io.routstr.gateway.application.contract.WalletFixtures.aMint;
import static io.routstr.gateway.application.contract.WalletFixtures.aProof;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.contract.MintBackingContract;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.MintBackingPort;
import io.routstr.gateway.application.port.out.MintBackingPort.Backing;
import io.routstr.gateway.application.port.out.WalletProofStorePort;
import io.routstr.gateway.application.port.out.WalletProofStorePort.NewProof;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import io.routstr.gateway.persistence.StatementCountingDataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

@PostgresAdapterTest
class PostgresMintBackingTest extends MintBackingContract {

    @Autowired
    JdbcMintBackingAdapter backing;

    @Autowired
    JdbcWalletProofStoreAdapter proofs;

    @Autowired
    ApiKeyPort apiKeys;

    @Autowired
    BalancePort balances;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    /** Counts the statements of the adapter {@link #counted()} returns: each is a round trip to PostgreSQL. */
    private StatementCountingDataSource counting;

    @Override
    protected MintBackingPort backing() {
        return backing;
    }

    @Override
    protected WalletProofStorePort proofs() {
        return proofs;
    }

    @Override
    protected ApiKeyPort apiKeys() {
        return apiKeys;
    }

    @Override
    protected BalancePort balances() {
        return balances;
    }

    @Test
    void aMintsProofsAndTheBalancesOwedThere_areReadInOneStatement() {
        counted().backingAt(aMint(), CurrencyUnit.SAT);

        assertThat(counting.statementsPrepared()).isEqualTo(1);
    }

    /**
     * Each X-Cashu request's earnings stay in the wallet as a proof of their own until they are paid out: the guard
     * before a payout reads the largest proofs, one statement, and only those while they cover it.
     */
    @Test
    void aWalletOfManySmallProofs_isReadByItsLargestOnly_whileTheyCoverThePayout() {
        MintUrl mint = aMint();
        KeysetId keyset = aKeyset();
        List<NewProof> earnings = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            earnings.add(aProof(keyset, 1));
        }
        proofs.addUnspent(mint, CurrencyUnit.SAT, earnings, Instant.parse("2026-03-10T12:00:00Z"));

        Backing covered = counted().backingFor(mint, CurrencyUnit.SAT, 10);

        assertThat(covered.unspent()).isEqualTo(JdbcMintBackingAdapter.LARGEST_PROOFS);
        assertThat(counting.statementsPrepared()).isEqualTo(1);
        assertThat(backing.backingFor(mint, CurrencyUnit.SAT, 150).unspent()).isEqualTo(200);
    }

    /**
     * An X-Cashu token opens a key of its own, drained to zero when its change is paid: the node keeps thousands of
     * keys that owe nothing, and the guard before every change must not read them (it did, 0.2 µs a key). Rolled back
     * at the end, statistics included: the shared database's other tests sum every key's balance.
     */
    @Test
    @Transactional
    void theBalancesOwedAtAMint_areSummedOverTheKeysThatHoldOne_notOverEveryKeyTheNodeOpened() {
        String mint = "https://drained.mint.test";
        insertKeys(2_000, mint, 0);
        insertKeys(3, mint, 5_000);
        jdbc.sql("ANALYZE api_keys").update();

        String plan = String.join(
                "\n",
                jdbc.sql("EXPLAIN " + JdbcMintBackingAdapter.BACKING)
                        .param("mint", mint)
                        .param("unit", "sat")
                        .query(String.class)
                        .list());

        assertThat(plan).contains("api_keys_with_balance_idx").doesNotContain("Seq Scan on api_keys");
        assertThat(backing.backingAt(MintUrl.of(mint), CurrencyUnit.SAT).owed()).isEqualTo(Msats.of(15_000));
    }

    /**
     * Every hold changes a key's {@code reserved_msats} and every settlement its {@code balance_msats}: PostgreSQL
     * rewrites the row in place, without new index entries, only while no index names a column the update changed (its
     * keys, included columns and predicate). The index over keys with a balance names {@code has_balance}, which
     * changes only when a balance reaches zero or leaves it.
     */
    @Test
    void noIndexOnTheKeys_namesTheBalanceOrTheHeldAmount_soThePaidPathUpdatesAKeyInPlace() {
        List<String> indexesNamingMoney = jdbc.sql("""
                        SELECT i.indexrelid::regclass::text FROM pg_index i
                        WHERE i.indrelid = 'api_keys'::regclass
                          AND (EXISTS (SELECT 1 FROM pg_attribute a
                                       WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                                         AND a.attname IN ('balance_msats', 'reserved_msats'))
                               OR pg_get_expr(i.indpred, i.indrelid) ~ '(balance|reserved)_msats'
                               OR pg_get_expr(i.indexprs, i.indrelid) ~ '(balance|reserved)_msats')
                        """).query(String.class).list();

        assertThat(indexesNamingMoney).isEmpty();
    }

    private void insertKeys(int count, String mint, long balanceMsats) {
        jdbc.sql("""
                        INSERT INTO api_keys (id, key_hash, balance_msats, refund_mint_url, refund_unit, created_at)
                        SELECT gen_random_uuid(), md5(random()::text) || md5(random()::text), :balance, :mint, 'sat', now()
                        FROM generate_series(1, :count)
                        """)
                .param("balance", balanceMsats)
                .param("mint", mint)
                .param("count", count)
                .update();
    }

    @BeforeEach
    void countingStatementsFromNowOn() {
        counting = new StatementCountingDataSource(dataSource);
    }

    /** The adapter on a data source that counts the statements prepared on its connections. */
    private JdbcMintBackingAdapter counted() {
        return new JdbcMintBackingAdapter(counting.jdbcClient());
    }
}

package io.routstr.gateway.persistence.wallet;

import static io.routstr.gateway.application.contract.WalletFixtures.aMint;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.contract.MintBackingContract;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.MintBackingPort;
import io.routstr.gateway.application.port.out.WalletProofStorePort;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import io.routstr.gateway.persistence.StatementCountingDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

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

    @BeforeEach
    void countingStatementsFromNowOn() {
        counting = new StatementCountingDataSource(dataSource);
    }

    /** The adapter on a data source that counts the statements prepared on its connections. */
    private JdbcMintBackingAdapter counted() {
        return new JdbcMintBackingAdapter(counting.jdbcClient());
    }
}

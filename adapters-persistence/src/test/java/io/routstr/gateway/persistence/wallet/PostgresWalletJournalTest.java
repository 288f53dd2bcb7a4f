package io.routstr.gateway.persistence.wallet;

import static io.routstr.gateway.application.contract.WalletFixtures.aKeyset;
import static io.routstr.gateway.application.contract.WalletFixtures.aMint;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.contract.WalletJournalContract;
import io.routstr.gateway.application.port.out.WalletJournalPort;
import io.routstr.gateway.application.port.out.WalletJournalPort.Operation;
import io.routstr.gateway.application.port.out.WalletJournalPort.OperationKind;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import io.routstr.gateway.persistence.StatementCountingDataSource;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@PostgresAdapterTest
class PostgresWalletJournalTest extends WalletJournalContract {

    @Autowired
    JdbcWalletJournalAdapter adapter;

    @Autowired
    DataSource dataSource;

    /** Counts the statements of the adapter {@link #counted()} returns: each is a round trip to PostgreSQL. */
    private StatementCountingDataSource counting;

    @Override
    protected WalletJournalPort journal() {
        return adapter;
    }

    @Test
    void openingAnOperationWithItsOutputs_isOneStatement() {
        Operation receive = Operation.prepare(
                UUID.randomUUID(),
                OperationKind.RECEIVE,
                aMint(),
                CurrencyUnit.SAT,
                Optional.empty(),
                Optional.empty(),
                Instant.parse("2026-03-10T12:00:00Z"));

        counted().openWithOutputs(receive, aKeyset(), 3);

        assertThat(counting.statementsPrepared()).isEqualTo(1);
    }

    @BeforeEach
    void countingStatementsFromNowOn() {
        counting = new StatementCountingDataSource(dataSource);
    }

    /** The adapter on a data source that counts the statements prepared on its connections. */
    private JdbcWalletJournalAdapter counted() {
        return new JdbcWalletJournalAdapter(counting.jdbcClient(), counting.transactions());
    }
}

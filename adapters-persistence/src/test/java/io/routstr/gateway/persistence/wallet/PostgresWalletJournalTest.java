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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@PostgresAdapterTest
class PostgresWalletJournalTest extends WalletJournalContract {

    @Autowired
    JdbcWalletJournalAdapter adapter;

    @Autowired
    DataSource dataSource;

    /** Statements the adapter made through {@link #counted()}: each is a round trip to PostgreSQL. */
    private final AtomicInteger statements = new AtomicInteger();

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

        assertThat(statements).hasValue(1);
    }

    /** The adapter on a data source that counts the statements prepared on its connections. */
    private JdbcWalletJournalAdapter counted() {
        DataSource counting = (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(dataSource, method, args);
                    if (!method.getName().equals("getConnection")) {
                        return result;
                    }
                    Connection connection = (Connection) result;
                    return Proxy.newProxyInstance(
                            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (c, m, a) -> {
                                if (m.getName().startsWith("prepare")) {
                                    statements.incrementAndGet();
                                }
                                return invoke(connection, m, a);
                            });
                });
        return new JdbcWalletJournalAdapter(
                JdbcClient.create(counting), new TransactionTemplate(new DataSourceTransactionManager(counting)));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

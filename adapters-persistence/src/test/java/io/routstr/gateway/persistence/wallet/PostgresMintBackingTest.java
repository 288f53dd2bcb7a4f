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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

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

    /** Statements the adapter made through {@link #counted()}: each is a round trip to PostgreSQL. */
    private final AtomicInteger statements = new AtomicInteger();

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

        assertThat(statements).hasValue(1);
    }

    /** The adapter on a data source that counts the statements prepared on its connections. */
    private JdbcMintBackingAdapter counted() {
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
        return new JdbcMintBackingAdapter(JdbcClient.create(counting));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

package io.routstr.gateway.persistence;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The test database's pool, counting the statements prepared on the connections it hands out: each is a round trip to
 * PostgreSQL. An adapter built on {@link #jdbcClient()} and {@link #transactions()} shows how many trips an operation
 * takes (issue 9), while the test's own set-up and checks go through the context's uncounted data source.
 */
public final class StatementCountingDataSource extends DelegatingDataSource {

    private final AtomicInteger statements = new AtomicInteger();

    public StatementCountingDataSource(DataSource pool) {
        super(pool);
    }

    /** Statements prepared so far on this data source's connections. */
    public int statementsPrepared() {
        return statements.get();
    }

    /** A client whose every statement is counted. */
    public JdbcClient jdbcClient() {
        return JdbcClient.create(this);
    }

    /** Transactions on this data source, so that a client of it joins them and its statements are counted there too. */
    public TransactionTemplate transactions() {
        return new TransactionTemplate(new DataSourceTransactionManager(this));
    }

    @Override
    public Connection getConnection() throws SQLException {
        return counting(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return counting(super.getConnection(username, password));
    }

    private Connection counting(Connection connection) {
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    // prepareStatement and prepareCall: every statement a JdbcClient sends is prepared first.
                    if (method.getName().startsWith("prepare")) {
                        statements.incrementAndGet();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}

package io.routstr.gateway.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A step that finds no pooled connection is asked again while the pool is busy; while the database refuses
 * connections, only a step worth waiting for through a restart is. Both with Hikari's own answers: a pool whose one
 * connection the test keeps on the test PostgreSQL, and a pool pointed at a port nothing listens on.
 */
class PoolWaitsTest {

    private static final int ATTEMPTS = 3;

    @Test
    void aBusyPoolIsAskedAgain_upToTheAttemptsGiven() throws Exception {
        Map<String, String> database = TestPostgres.datasourceProperties();
        try (HikariDataSource pool = pool(
                        database.get("spring.datasource.url"),
                        database.get("spring.datasource.username"),
                        database.get("spring.datasource.password"));
                Connection kept = pool.getConnection()) {
            AtomicInteger steps = new AtomicInteger();

            assertThatThrownBy(() -> PoolWaits.throughABusyPool(() -> inATransaction(pool, steps), ATTEMPTS))
                    .isInstanceOf(CannotCreateTransactionException.class)
                    .satisfies(failure -> assertThat(PoolWaits.databaseRefusedConnections(failure))
                            .isFalse());
            assertThat(steps).as("steps begun, each after a wait that ran out").hasValue(ATTEMPTS);
            assertThat(kept.isValid(1)).isTrue();
        }
    }

    @Test
    void aDatabaseThatRefusesConnectionsFailsTheStepAtItsFirstWait() throws Exception {
        try (HikariDataSource pool =
                pool("jdbc:postgresql://127.0.0.1:" + closedPort() + "/routstr", "routstr", "unused")) {
            AtomicInteger steps = new AtomicInteger();

            assertThatThrownBy(() -> PoolWaits.throughABusyPool(() -> inATransaction(pool, steps), ATTEMPTS))
                    .isInstanceOf(CannotCreateTransactionException.class)
                    .satisfies(failure -> assertThat(PoolWaits.databaseRefusedConnections(failure))
                            .isTrue());
            assertThat(steps).hasValue(1);
        }
    }

    @Test
    void aStepWorthWaitingForThroughARestartIsAskedAgainWhileTheDatabaseRefusesConnections_upToTheAttemptsGiven()
            throws Exception {
        try (HikariDataSource pool =
                pool("jdbc:postgresql://127.0.0.1:" + closedPort() + "/routstr", "routstr", "unused")) {
            AtomicInteger steps = new AtomicInteger();

            assertThatThrownBy(() -> PoolWaits.throughABusyPoolOrARestart(() -> inATransaction(pool, steps), ATTEMPTS))
                    .isInstanceOf(CannotCreateTransactionException.class);
            assertThat(steps).hasValue(ATTEMPTS);
        }
    }

    @Test
    void aStepWorthWaitingForThroughARestartRunsOnceTheDatabaseIsBack() throws Exception {
        Path data = Files.createTempDirectory("pool-waits-restart");
        int port = closedPort();
        EmbeddedPostgres server = restartable(data, port);
        try (HikariDataSource pool = pool(server.getJdbcUrl("postgres", "postgres"), "postgres", "postgres")) {
            assertThat(inATransaction(pool, new AtomicInteger())).isEqualTo(1);
            server.close();
            pool.getHikariPoolMXBean().softEvictConnections();
            AtomicInteger steps = new AtomicInteger();
            CompletableFuture<Integer> charged = CompletableFuture.supplyAsync(
                    () -> PoolWaits.throughABusyPoolOrARestart(() -> inATransaction(pool, steps), 100));
            // Bounded, so that a step that failed otherwise fails the test rather than hanging it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (steps.get() < 2) {
                assertThat(charged).as("the step still waits for the database").isNotDone();
                assertThat(System.nanoTime()).as("a second step begun").isLessThan(deadline);
                Thread.sleep(10);
            }

            server = restartable(data, port);

            assertThat(charged.get(60, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(steps.get())
                    .as("steps begun: refused at least once, then run")
                    .isGreaterThan(1);
        } finally {
            server.close();
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    /** A server on {@code data} and {@code port}, which a later one on the same takes up again. */
    private static EmbeddedPostgres restartable(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setRegisterShutdownHook(false)
                .start();
    }

    /** A step as the adapters' are: a transaction begun on the pool (the wait for a connection is its first act). */
    private static Integer inATransaction(HikariDataSource pool, AtomicInteger steps) {
        steps.incrementAndGet();
        return new TransactionTemplate(new DataSourceTransactionManager(pool)).execute(status -> 1);
    }

    private static HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(250);
        // Started even where the database refuses: the wait's answer is what the test looks at.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package io.routstr.gateway.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.routstr.gateway.rest.limits.OverloadDoor.DatabaseOutage;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The database is out of reach while its pool, which keeps connections, holds none and a request waits for one: then
 * new paid requests are shed at once rather than each waiting out the pool. Real Hikari pools on a port nobody
 * listens on.
 */
class DatabaseOutageTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aPoolThatHoldsNoConnection_whileARequestWaitsForOne_isAnOutage_untilTheWaitEnds() throws Exception {
        try (HikariDataSource pool = poolOnAClosedPort(2);
                ExecutorService waiter = Executors.newVirtualThreadPerTaskExecutor()) {
            DatabaseOutage outage = OverloadConfiguration.databaseOutage(pool, registry);
            assertThat(outage.ongoing()).as("nobody waits yet").isFalse();

            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> connect(pool), waiter);
            awaitAWaiter(pool);

            assertThat(outage.ongoing()).isTrue();
            assertThat(registry.get("routstr.overload.shed")
                            .tag("signal", "database")
                            .counter()
                            .count())
                    .as("each request shed for it counted")
                    .isEqualTo(1);
            waiting.join();
            assertThat(outage.ongoing()).as("the wait answered, nobody waits").isFalse();
        }
    }

    @Test
    void aPoolAllowedToShrinkToNothingWhenIdle_isNeverJudged_forItCanBeEmptyWhileTheDatabaseIsWell() throws Exception {
        try (HikariDataSource pool = poolOnAClosedPort(0)) {
            assertThat(OverloadConfiguration.databaseOutage(pool, registry)).isSameAs(DatabaseOutage.NEVER);
        }
    }

    @Test
    void aDataSourceThatIsNoHikariPool_isNeverJudged() {
        assertThat(OverloadConfiguration.databaseOutage(new DriverManagerDataSource(), registry))
                .isSameAs(DatabaseOutage.NEVER);
    }

    private static void connect(HikariDataSource pool) {
        try (Connection ignored = pool.getConnection()) {
            throw new AssertionError("nobody listens on the pool's port");
        } catch (SQLException refused) {
            // The wait ran out: what an outage looks like to a request.
        }
    }

    /** Until the pool counts a thread waiting for a connection; bounded by the wait itself. */
    private static void awaitAWaiter(HikariDataSource pool) throws InterruptedException {
        for (int i = 0; i < 200 && pool.getHikariPoolMXBean().getThreadsAwaitingConnection() == 0; i++) {
            Thread.sleep(5);
        }
        assertThat(pool.getHikariPoolMXBean().getThreadsAwaitingConnection()).isEqualTo(1);
        assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isZero();
    }

    private static HikariDataSource poolOnAClosedPort(int minimumIdle) throws IOException {
        HikariConfig config = new HikariConfig();
        try (ServerSocket socket = new ServerSocket(0)) {
            config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + socket.getLocalPort() + "/routstr");
        }
        config.setUsername("routstr");
        config.setPassword("unused");
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(minimumIdle);
        config.setConnectionTimeout(3_000);
        // Started although the database refuses: an outage is what the test looks at.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}

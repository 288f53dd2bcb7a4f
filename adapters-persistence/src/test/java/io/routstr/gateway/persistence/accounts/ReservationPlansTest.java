package io.routstr.gateway.persistence.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.persistence.PostgresAdapterTest;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.jpa.repository.Query;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The statements that finish a reservation find it by its primary key, as the reservations table looks on a busy
 * node: one key's thousands of requests settled since the last vacuum, so that the partial indexes of ACTIVE
 * reservations hold thousands of entries of rows no longer ACTIVE while the planner's statistics say they are empty.
 * Read through such an index, a statement walks every one of those entries (a group-commit batch's settlement spent
 * 2.6 of its 3 ms so on a hot key, docs/benchmarks.md, session 21).
 */
@PostgresAdapterTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReservationPlansTest {

    private static final int SETTLED_SINCE_VACUUM = 3_000;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    private final List<UUID> settled = new ArrayList<>();

    @BeforeAll
    void aHotKeysReservationsSettledSinceTheLastVacuum() {
        UUID key = UUID.randomUUID();
        // No balance: the shared database's sums of balances and liabilities stay what other tests expect.
        jdbc.sql("""
                        INSERT INTO api_keys (id, key_hash, balance_msats, refund_mint_url, refund_unit, created_at)
                        VALUES (:id, md5(random()::text) || md5(random()::text), 0, 'https://plans.mint.test', 'sat',
                                now())
                        """).param("id", key).update();
        jdbc.sql("""
                        INSERT INTO reservations (id, key_id, billing_key_id, amount_msats, state, created_at)
                        SELECT gen_random_uuid(), :key, :key, 1000, 'ACTIVE', now() - make_interval(secs => n)
                        FROM generate_series(1, :count) AS n
                        """).param("key", key).param("count", SETTLED_SINCE_VACUUM).update();
        // What the statistics say when the last ANALYZE found nothing ACTIVE, as autovacuum's does between bursts.
        jdbc.sql("""
                        UPDATE reservations SET state = 'CHARGED', charged_msats = 1000, finished_at = now()
                        WHERE key_id = :key
                        """).param("key", key).update();
        jdbc.sql("ANALYZE reservations").update();
        settled.addAll(jdbc.sql("SELECT id FROM reservations WHERE key_id = :key LIMIT 12")
                .param("key", key)
                .query(UUID.class)
                .list());
    }

    @Test
    void aBatchsSettlementReadsItsReservationsByPrimaryKey() throws SQLException {
        String plan;
        try (Connection connection = dataSource.getConnection()) {
            plan = explainSettlementOfTheSettled(connection);
        }

        assertReadsByPrimaryKeyOnly(plan);
    }

    /**
     * A plan made while the tables are young (a fresh node's first minute: never vacuumed, a few rows) stays cached on
     * its connection as they grow, until a vacuum invalidates it. Joined to its calls, a batch's settlement was planned
     * as a hash join over a whole scan of reservations there, for the first minute of every bench run (1.4 ms a batch
     * instead of 0.4; docs/benchmarks.md, session 22): it looks each reservation up by primary key instead.
     */
    @Test
    void aBatchsSettlementPlannedWhileTheTableIsYoungLooksEachReservationUp() throws SQLException {
        String plan = onYoungTables(this::explainSettlementOfTheSettled);

        assertThat(plan).contains("Index Scan using reservations_pkey").doesNotContain("Seq Scan on reservations");
    }

    /** The same for a batch's holds and the keys they name. */
    @Test
    void aBatchsHoldsPlannedWhileTheTableIsYoungLookEachKeyUp() throws SQLException {
        String plan = onYoungTables(connection -> {
            int n = settled.size();
            Object[] arrays = {
                connection.createArrayOf("uuid", settled.toArray()),
                connection.createArrayOf("uuid", filled(n, UUID.randomUUID())),
                connection.createArrayOf("int8", filled(n, 500L)),
                connection.createArrayOf("timestamptz", filled(n, Instant.now().toString())),
                connection.createArrayOf("uuid", filled(n, UUID.randomUUID())),
                connection.createArrayOf("bool", filled(n, false))
            };
            PositionalStatement statement = PaidPathStatements.RESERVE_TOGETHER_STATEMENT;
            return explain(connection, statement.sql(), statement.arguments(arrays));
        });

        assertThat(plan).contains("Index Scan using api_keys_pkey").doesNotContain("Seq Scan on api_keys");
    }

    @Test
    void aReleaseReadsItsReservationByPrimaryKey() throws SQLException {
        PositionalStatement statement = PaidPathStatements.RELEASE_STATEMENT;

        assertReadsByPrimaryKeyOnly(explain(statement.sql(), statement.arguments(settled.getFirst(), now(), true)));
    }

    @Test
    void makingAHoldDurableReadsItsReservationByPrimaryKey() throws SQLException {
        assertReadsByPrimaryKeyOnly(explain(PaidPathStatements.MAKE_DURABLE, settled.getFirst()));
    }

    @Test
    void finishingAnActiveReservationReadsItByPrimaryKey() throws Exception {
        Method finishActive = ReservationRepository.class.getMethod(
                "finishActive", UUID.class, String.class, boolean.class, Long.class, Instant.class);
        String namedSql = finishActive.getAnnotation(Query.class).value();
        PositionalStatement statement = PositionalStatement.of(namedSql, "id", "next", "stale", "charged", "now");

        assertReadsByPrimaryKeyOnly(
                explain(statement.sql(), statement.arguments(settled.getFirst(), "RELEASED", true, 0L, now())));
    }

    private static void assertReadsByPrimaryKeyOnly(String plan) {
        assertThat(plan).contains("reservations_pkey").doesNotContain("reservations_active");
    }

    /** The plan of a batch's settlement of the reservations settled above. */
    private String explainSettlementOfTheSettled(Connection connection) throws SQLException {
        int n = settled.size();
        Object[] arrays = {
            connection.createArrayOf("uuid", settled.toArray()),
            connection.createArrayOf("int8", filled(n, 500L)),
            connection.createArrayOf("timestamptz", filled(n, Instant.now().toString())),
            connection.createArrayOf("varchar", filled(n, "model")),
            connection.createArrayOf("varchar", filled(n, "provider")),
            connection.createArrayOf("int8", filled(n, 1L)),
            connection.createArrayOf("int8", filled(n, 1L)),
            connection.createArrayOf("int8", filled(n, 0L)),
            connection.createArrayOf("int8", filled(n, 0L)),
            connection.createArrayOf("int8", filled(n, 0L))
        };
        PositionalStatement statement = PaidPathStatements.SETTLE_TOGETHER_STATEMENT;
        return explain(connection, statement.sql(), statement.arguments(arrays));
    }

    @FunctionalInterface
    private interface OnConnection<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} where {@code reservations} and {@code api_keys} name young copies of the tables (empty, never
     * vacuumed: temporary tables, which come first on the search path), in a transaction rolled back after it, so the
     * pooled connection goes back as it came.
     */
    private <T> T onYoungTables(OnConnection<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (var create = connection.createStatement()) {
                create.execute(
                        "CREATE TEMP TABLE reservations (LIKE public.reservations INCLUDING ALL) ON COMMIT DROP");
                create.execute("CREATE TEMP TABLE api_keys (LIKE public.api_keys INCLUDING ALL) ON COMMIT DROP");
                return work.run(connection);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

    private String explain(String sql, Object... arguments) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return explain(connection, sql, arguments);
        }
    }

    /** The plan PostgreSQL chooses for {@code sql} with these values; EXPLAIN alone, so nothing runs. */
    private static String explain(Connection connection, String sql, Object... arguments) throws SQLException {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < arguments.length; i++) {
                explain.setObject(i + 1, arguments[i]);
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    private static Object now() {
        return Instant.now().atOffset(ZoneOffset.UTC);
    }

    private static Object[] filled(int n, Object value) {
        Object[] values = new Object[n];
        Arrays.fill(values, value);
        return values;
    }
}

package io.routstr.gateway.persistence.wallet;

import static io.routstr.gateway.persistence.TypedParameters.at;

import io.routstr.gateway.application.port.out.WalletJournalPort;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The wallet's operation journal on PostgreSQL, in plain SQL: every state change is a conditional {@code UPDATE} whose
 * {@code WHERE} holds the expected state (compare-and-set), stale operations are claimed under a lease skipping rows
 * other transactions hold, and every public method is one short transaction with no network I/O inside.
 */
@Component
record JdbcWalletJournalAdapter(JdbcClient jdbc, TransactionTemplate tx) implements WalletJournalPort {

    private static final StaleJournalRows STALE =
            new StaleJournalRows("wallet_operations", "('PREPARED', 'IN_FLIGHT')");

    @Override
    public <T> T inOneTransaction(Supplier<T> work, Predicate<? super T> keep) {
        // The proof store's calls join this transaction (one template, one database).
        return tx.execute(status -> {
            T result = work.get();
            if (!keep.test(result)) {
                status.setRollbackOnly();
            }
            return result;
        });
    }

    @Override
    public void open(Operation operation) {
        if (operation.state() != OperationState.PREPARED) {
            throw new IllegalArgumentException("an operation opens PREPARED");
        }
        insert(operation, OperationState.PREPARED, 0, operation.updatedAt());
    }

    /** Inserts {@code operation} in {@code state} with the amount it settled, last updated {@code updated}. */
    private void insert(Operation operation, OperationState state, long settledAmount, Instant updated) {
        tx.executeWithoutResult(status -> jdbc.sql("""
                        INSERT INTO wallet_operations
                               (id, kind, mint_url, unit, state, quote_id, fingerprint, settled_amount, created_at,
                                updated_at)
                        VALUES (:id, :kind, :mint, :unit, :state, :quote, :fingerprint, :settled, :created, :updated)
                        """)
                .param("id", operation.id())
                .param("kind", operation.kind().name())
                .param("mint", operation.mint().value())
                .param("unit", operation.unit().code())
                .param("state", state.name())
                .param("quote", operation.quoteId().map(QuoteId::value).orElse(null))
                .param(
                        "fingerprint",
                        operation.fingerprint().map(TokenFingerprint::value).orElse(null))
                .param("settled", settledAmount)
                .param("created", at(operation.createdAt()))
                .param("updated", at(updated))
                .update());
    }

    /**
     * The operation inserted {@code IN_FLIGHT} with its counters taken, in one statement: a redemption's write-ahead
     * made one round trip for {@link #open} and one for {@link #reserveOutputs} before.
     */
    @Override
    public OutputRange openWithOutputs(Operation operation, KeysetId keysetId, int count) {
        if (operation.state() != OperationState.PREPARED) {
            throw new IllegalArgumentException("an operation opens PREPARED");
        }
        if (count <= 0) {
            throw new IllegalArgumentException("reserve at least one output");
        }
        long first = jdbc.sql("""
                        WITH c AS (
                            INSERT INTO wallet_keyset_counters (keyset_id, next_counter) VALUES (:keyset, :count)
                            ON CONFLICT (keyset_id)
                            DO UPDATE SET next_counter = wallet_keyset_counters.next_counter + EXCLUDED.next_counter
                            RETURNING next_counter)
                        INSERT INTO wallet_operations
                               (id, kind, mint_url, unit, state, quote_id, fingerprint, settled_amount, keyset_id,
                                counter_first, counter_count, created_at, updated_at)
                        SELECT :id, :kind, :mint, :unit, 'IN_FLIGHT', :quote, :fingerprint, 0, :keyset,
                               c.next_counter - :count, :count, :created, :updated FROM c
                        RETURNING counter_first
                        """)
                .param("keyset", keysetId.value())
                .param("count", count)
                .param("id", operation.id())
                .param("kind", operation.kind().name())
                .param("mint", operation.mint().value())
                .param("unit", operation.unit().code())
                .param("quote", operation.quoteId().map(QuoteId::value).orElse(null))
                .param(
                        "fingerprint",
                        operation.fingerprint().map(TokenFingerprint::value).orElse(null))
                .param("created", at(operation.createdAt()))
                .param("updated", at(operation.updatedAt()))
                .query(Long.class)
                .single();
        return new OutputRange(keysetId, first, count);
    }

    @Override
    public OutputRange reserveOutputs(UUID operationId, KeysetId keysetId, int count, Instant now) {
        if (count <= 0) {
            throw new IllegalArgumentException("reserve at least one output");
        }
        // One statement takes the counters and moves the operation (two round trips before).
        return tx.execute(status -> {
            long[] taken = jdbc.sql("""
                            WITH c AS (
                                INSERT INTO wallet_keyset_counters (keyset_id, next_counter) VALUES (:keyset, :count)
                                ON CONFLICT (keyset_id)
                                DO UPDATE SET next_counter = wallet_keyset_counters.next_counter + EXCLUDED.next_counter
                                RETURNING next_counter),
                            o AS (
                                UPDATE wallet_operations
                                   SET state = 'IN_FLIGHT', keyset_id = :keyset,
                                       counter_first = (SELECT next_counter FROM c) - :count,
                                       counter_count = :count, updated_at = :now
                                 WHERE id = :id AND state = 'PREPARED'
                                RETURNING id)
                            SELECT c.next_counter, (SELECT count(*) FROM o) AS moved FROM c
                            """)
                    .param("keyset", keysetId.value())
                    .param("count", count)
                    .param("now", at(now))
                    .param("id", operationId)
                    .query((rs, row) -> new long[] {rs.getLong("next_counter"), rs.getLong("moved")})
                    .single();
            if (taken[1] != 1) {
                // Rolls the counter back too: nothing was derived from it.
                throw new IllegalStateException("outputs are reserved for a PREPARED operation only");
            }
            return new OutputRange(keysetId, taken[0] - count, count);
        });
    }

    @Override
    public boolean markInFlight(UUID operationId, Instant now) {
        Integer moved =
                tx.execute(status -> jdbc.sql("UPDATE wallet_operations SET state = 'IN_FLIGHT', updated_at = :now"
                                + " WHERE id = :id AND state = 'PREPARED'")
                        .param("now", at(now))
                        .param("id", operationId)
                        .update());
        return moved != null && moved == 1;
    }

    /** One insert, where {@link #open} and {@link #finish} were two round trips inside the caller's transaction. */
    @Override
    public void recordFinished(Operation operation, OperationState state, long settledAmount, Instant now) {
        if (!state.isFinal()) {
            throw new IllegalArgumentException("record with a final state");
        }
        insert(operation, state, settledAmount, now);
    }

    @Override
    public boolean finish(UUID operationId, OperationState state, long settledAmount, Instant now) {
        if (!state.isFinal()) {
            throw new IllegalArgumentException("finish with a final state");
        }
        Integer moved = tx.execute(status -> jdbc.sql("""
                        UPDATE wallet_operations SET state = :state, settled_amount = :settled, updated_at = :now
                         WHERE id = :id AND state IN ('PREPARED', 'IN_FLIGHT')
                        """)
                .param("state", state.name())
                .param("settled", settledAmount)
                .param("now", at(now))
                .param("id", operationId)
                .update());
        return moved != null && moved == 1;
    }

    @Override
    public Optional<Operation> find(UUID operationId) {
        return jdbc.sql("SELECT * FROM wallet_operations WHERE id = :id")
                .param("id", operationId)
                .query(JdbcWalletJournalAdapter::operationRow)
                .optional();
    }

    @Override
    public List<Operation> findMintsOfQuote(MintUrl mint, QuoteId quoteId) {
        return jdbc.sql("""
                        SELECT * FROM wallet_operations
                         WHERE kind = 'MINT' AND mint_url = :mint AND quote_id = :quote
                         ORDER BY created_at DESC
                        """)
                .param("mint", mint.value())
                .param("quote", quoteId.value())
                .query(JdbcWalletJournalAdapter::operationRow)
                .list();
    }

    @Override
    public List<Operation> findReceivesOf(TokenFingerprint fingerprint) {
        return jdbc.sql("""
                        SELECT * FROM wallet_operations
                         WHERE kind = 'RECEIVE' AND fingerprint = :fingerprint
                         ORDER BY created_at DESC
                        """)
                .param("fingerprint", fingerprint.value())
                .query(JdbcWalletJournalAdapter::operationRow)
                .list();
    }

    @Override
    public List<Operation> claimStale(Instant olderThan, Instant now, int limit) {
        return STALE.claim(jdbc, tx, olderThan, now, limit, JdbcWalletJournalAdapter::operationRow);
    }

    @Override
    public long nextCounter(KeysetId keysetId) {
        return jdbc.sql("SELECT next_counter FROM wallet_keyset_counters WHERE keyset_id = :keyset")
                .param("keyset", keysetId.value())
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    private static Operation operationRow(ResultSet rs, int row) throws SQLException {
        String keyset = rs.getString("keyset_id");
        Optional<OutputRange> outputs = keyset == null
                ? Optional.empty()
                : Optional.of(
                        new OutputRange(KeysetId.of(keyset), rs.getLong("counter_first"), rs.getInt("counter_count")));
        return new Operation(
                rs.getObject("id", UUID.class),
                OperationKind.valueOf(rs.getString("kind")),
                MintUrl.of(rs.getString("mint_url")),
                CurrencyUnit.of(rs.getString("unit")),
                OperationState.valueOf(rs.getString("state")),
                outputs,
                Optional.ofNullable(rs.getString("quote_id")).map(QuoteId::of),
                Optional.ofNullable(rs.getString("fingerprint")).map(TokenFingerprint::parse),
                rs.getLong("settled_amount"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}

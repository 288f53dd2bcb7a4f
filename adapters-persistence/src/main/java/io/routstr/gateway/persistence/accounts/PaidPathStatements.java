package io.routstr.gateway.persistence.accounts;

import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The statements of a paid request, in plain SQL: each step of the hot path (find a key, hold, settle, release) is one
 * statement, a chain of data-modifying CTEs on PostgreSQL, so a step costs one statement and its commit, with no ORM
 * session, entity load or flush around it. The money moves by conditional {@code UPDATE}s whose {@code WHERE} carries
 * the condition (never a balance below zero, never a hold the balance or a limit refuses), and a CTE that uses another's
 * output runs after it, which fixes the lock order: a reservation row first, then the billing key, then the child key.
 * Decisions that need the domain (expiry, limit periods) are taken by the caller on the rows returned, in the same
 * transaction, which it rolls back when they refuse.
 */
final class PaidPathStatements {

    private static final List<String> KEY_COLUMNS = ApiKeyRows.COLUMNS;

    /** Where the parent's columns begin in {@link #RESERVE}'s row, after the key's; then its three counts. */
    private static final int PARENT_FIRST = 1 + KEY_COLUMNS.size();

    private static final int HOLD_COUNTS_FIRST = PARENT_FIRST + KEY_COLUMNS.size();

    private static final String FIND_BY_HASH =
            "SELECT " + String.join(", ", KEY_COLUMNS) + " FROM api_keys WHERE key_hash = ?";

    private static final String FIND_BY_ID = "SELECT " + String.join(", ", KEY_COLUMNS) + " FROM api_keys WHERE id = ?";

    /**
     * Reads the key and its parent as they were before the statement, holds the amount on the billing key (the parent,
     * or the key itself), then on a child key within its own limit, and stores the ACTIVE reservation only if every hold
     * was taken. A child hold refused after the billing hold was taken leaves the caller to roll back. With
     * {@code plainOnly}, only a key that pays for itself, has no limit and has not expired is held: nothing else is
     * changed, so the statement may commit on its own whatever the caller then decides. Its row: the key's columns,
     * the parent's, then the three counts, read by position.
     */
    private static final String RESERVE =
            """
            WITH k AS (
                SELECT %s FROM api_keys WHERE id = :keyId
            ), p AS (
                SELECT %s FROM api_keys WHERE id = (SELECT parent_id FROM k)
            ), billing AS (
                UPDATE api_keys b SET reserved_msats = b.reserved_msats + :amount
                FROM k
                WHERE b.id = COALESCE(k.parent_id, k.id)
                  AND (NOT CAST(:plainOnly AS boolean)
                       OR (k.parent_id IS NULL AND k.balance_limit_msats IS NULL
                           AND (k.valid_until IS NULL OR k.valid_until > :createdAt)))
                  AND b.balance_msats - b.reserved_msats >= :amount
                  AND (b.balance_limit_msats IS NULL
                       OR b.period_spent_msats + b.reserved_msats + :amount <= b.balance_limit_msats)
                RETURNING b.id
            ), child AS (
                UPDATE api_keys c SET reserved_msats = c.reserved_msats + :amount
                FROM billing
                WHERE c.id = :keyId AND c.parent_id = billing.id
                  AND (c.balance_limit_msats IS NULL
                       OR c.period_spent_msats + c.reserved_msats + :amount <= c.balance_limit_msats)
                RETURNING c.id
            ), stored AS (
                INSERT INTO reservations (id, key_id, billing_key_id, amount_msats, state, created_at, instance_id)
                SELECT :id, :keyId, billing.id, :amount, 'ACTIVE', :createdAt, CAST(:instance AS uuid)
                FROM billing
                WHERE NOT EXISTS (SELECT 1 FROM k WHERE k.parent_id IS NOT NULL) OR EXISTS (SELECT 1 FROM child)
                RETURNING id
            )
            SELECT %s, %s,
                   (SELECT count(*) FROM billing) AS billing_held,
                   (SELECT count(*) FROM child) AS child_held,
                   (SELECT count(*) FROM stored) AS stored
            FROM k LEFT JOIN p ON true
            """.formatted(String.join(", ", KEY_COLUMNS), String.join(", ", KEY_COLUMNS), prefixed("k"), prefixed("p"));

    /**
     * Settles a reservation: locks it, then its billing key (reading the balance under the lock), takes the cost but
     * never more than the balance no other request holds, frees the hold, counts the spending on the child key, marks
     * the reservation charged and books CHARGE and SHORTFALL. A reservation already charged, or released by a caller
     * rather than by the sweep, is left alone; one the sweep released is charged once from the spendable balance.
     * With {@code plainOnly}, a child key's reservation is left alone (its two key updates are checked by the caller in
     * a transaction): what the statement then does is whole, so it may commit on its own. The entries' ids are drawn
     * by PostgreSQL ({@code gen_random_uuid()}, version 13 and later) and only for the entries it books: they are
     * random because a key's history shows them (an id that counted would tell a client how busy the node is), and the
     * node's own secure random source, a lock and a SHA-1 round per draw, cost it CPU on every paid request.
     */
    private static final String SETTLE = """
            WITH r AS (
                SELECT id, key_id, billing_key_id, amount_msats, state, released_as_stale, charged_msats
                FROM reservations WHERE id = :id FOR UPDATE
            ), due AS (
                SELECT id, key_id, billing_key_id, state,
                       CASE WHEN state = 'ACTIVE' THEN amount_msats ELSE 0 END AS held
                FROM r WHERE charged_msats IS NULL AND (state = 'ACTIVE' OR released_as_stale)
            ), b AS (
                SELECT k.id, k.balance_msats, k.reserved_msats FROM api_keys k JOIN due ON k.id = due.billing_key_id
                FOR UPDATE OF k
            ), c AS (
                SELECT b.id, due.held,
                       LEAST(CAST(:cost AS bigint), GREATEST(0, b.balance_msats - (b.reserved_msats - due.held)))
                           AS charged
                FROM b, due
                WHERE NOT CAST(:plainOnly AS boolean) OR due.key_id = due.billing_key_id
            ), billing AS (
                UPDATE api_keys k SET balance_msats = k.balance_msats - c.charged,
                                      reserved_msats = k.reserved_msats - c.held,
                                      total_spent_msats = k.total_spent_msats + c.charged,
                                      period_spent_msats = k.period_spent_msats + c.charged,
                                      total_requests = k.total_requests + 1
                FROM c
                WHERE k.id = c.id AND k.reserved_msats >= c.held AND k.balance_msats >= c.charged
                RETURNING k.id, c.charged, GREATEST(0, k.balance_msats - k.reserved_msats) AS remaining
            ), child AS (
                UPDATE api_keys k SET reserved_msats = k.reserved_msats - due.held,
                                      total_spent_msats = k.total_spent_msats + billing.charged,
                                      period_spent_msats = k.period_spent_msats + billing.charged,
                                      total_requests = k.total_requests + 1
                FROM due, billing
                WHERE k.id = due.key_id AND due.key_id <> due.billing_key_id AND k.reserved_msats >= due.held
                RETURNING k.id
            ), finished AS (
                UPDATE reservations x SET state = CASE WHEN due.state = 'ACTIVE' THEN 'CHARGED' ELSE x.state END,
                                          charged_msats = billing.charged,
                                          finished_at = :now
                FROM due, billing
                WHERE x.id = due.id
                RETURNING x.id
            ), booked AS (
                INSERT INTO ledger_entries (id, entry_type, key_id, amount_msats, reservation_id, created_at,
                                            model, provider, input_tokens, output_tokens, cache_read_tokens,
                                            cache_write_tokens, reasoning_tokens)
                SELECT gen_random_uuid(), 'CHARGE', billing.id, billing.charged, :id, :now,
                       CAST(:model AS varchar), CAST(:provider AS varchar), CAST(:inputTokens AS bigint),
                       CAST(:outputTokens AS bigint), CAST(:cacheReadTokens AS bigint),
                       CAST(:cacheWriteTokens AS bigint), CAST(:reasoningTokens AS bigint)
                FROM billing WHERE billing.charged > 0
                UNION ALL
                -- What the request paid for goes on its SHORTFALL only when nothing was charged, so it is booked once.
                SELECT gen_random_uuid(), 'SHORTFALL', billing.id, :cost - billing.charged, :id, :now,
                       CASE WHEN billing.charged = 0 THEN CAST(:model AS varchar) END,
                       CASE WHEN billing.charged = 0 THEN CAST(:provider AS varchar) END,
                       CASE WHEN billing.charged = 0 THEN CAST(:inputTokens AS bigint) END,
                       CASE WHEN billing.charged = 0 THEN CAST(:outputTokens AS bigint) END,
                       CASE WHEN billing.charged = 0 THEN CAST(:cacheReadTokens AS bigint) END,
                       CASE WHEN billing.charged = 0 THEN CAST(:cacheWriteTokens AS bigint) END,
                       CASE WHEN billing.charged = 0 THEN CAST(:reasoningTokens AS bigint) END
                FROM billing
                WHERE billing.charged < :cost
                RETURNING id
            )
            SELECT r.state, r.released_as_stale, r.charged_msats AS charged_before,
                   r.key_id <> r.billing_key_id AS for_child,
                   (SELECT charged FROM billing) AS charged,
                   (SELECT remaining FROM billing) AS remaining,
                   (SELECT count(*) FROM child) AS child_settled,
                   (SELECT count(*) FROM finished) AS finished,
                   (SELECT count(*) FROM booked) AS booked
            FROM r
            """;

    /** Releases an ACTIVE reservation: marks it released, then frees its hold on the billing key, then the child key. */
    private static final String RELEASE = """
            WITH r AS (
                SELECT id FROM reservations WHERE id = :id
            ), finished AS (
                UPDATE reservations SET state = 'RELEASED', released_as_stale = false, finished_at = :now
                WHERE id = :id AND state = 'ACTIVE'
                RETURNING key_id, billing_key_id, amount_msats
            ), billing AS (
                UPDATE api_keys k SET reserved_msats = k.reserved_msats - finished.amount_msats
                FROM finished
                WHERE k.id = finished.billing_key_id AND k.reserved_msats >= finished.amount_msats
                RETURNING k.id
            ), child AS (
                UPDATE api_keys k SET reserved_msats = k.reserved_msats - finished.amount_msats
                FROM finished, billing
                WHERE k.id = finished.key_id AND finished.key_id <> finished.billing_key_id
                  AND k.reserved_msats >= finished.amount_msats
                RETURNING k.id
            )
            SELECT (SELECT count(*) FROM r) AS found,
                   (SELECT count(*) FROM finished) AS finished,
                   (SELECT count(*) FROM finished WHERE key_id <> billing_key_id) AS for_child,
                   (SELECT count(*) FROM billing) AS billing_freed,
                   (SELECT count(*) FROM child) AS child_freed
            """;

    // Translated once: the writer's thread runs these for every paid request (PositionalStatement says why).
    private static final PositionalStatement RESERVE_STATEMENT =
            PositionalStatement.of(RESERVE, "plainOnly", "id", "keyId", "amount", "createdAt", "instance");

    private static final PositionalStatement SETTLE_STATEMENT = PositionalStatement.of(
            SETTLE,
            "plainOnly",
            "id",
            "cost",
            "now",
            "model",
            "provider",
            "inputTokens",
            "outputTokens",
            "cacheReadTokens",
            "cacheWriteTokens",
            "reasoningTokens");

    private static final PositionalStatement RELEASE_STATEMENT = PositionalStatement.of(RELEASE, "id", "now");

    /** An id no key or reservation has: the no-op statements that fill a compound name it. */
    private static final UUID NOBODY = new UUID(0, 0);

    private static final OffsetDateTime LONG_AGO = OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    /** {@link #RESERVE} for a plain key, as the writer combines it (a no-op: no key, an amount nobody holds). */
    static final GroupCommit.Combinable<Optional<Hold>> PLAIN_HOLD = new GroupCommit.Combinable<>(
            "plain hold",
            RESERVE_STATEMENT.sql(),
            RESERVE_STATEMENT.arguments(true, NOBODY, NOBODY, Long.MAX_VALUE, LONG_AGO, NOBODY),
            rows -> rows.next() ? Optional.of(hold(rows)) : Optional.empty());

    /** {@link #SETTLE} for a plain key's reservation, as the writer combines it (a no-op: no reservation). */
    static final GroupCommit.Combinable<Optional<Settled>> PLAIN_SETTLEMENT = new GroupCommit.Combinable<>(
            "plain settlement",
            SETTLE_STATEMENT.sql(),
            SETTLE_STATEMENT.arguments(true, NOBODY, 0L, LONG_AGO, "", "", 0L, 0L, 0L, 0L, 0L),
            rows -> rows.next() ? Optional.of(settled(rows)) : Optional.empty());

    private final JdbcClient jdbc;

    PaidPathStatements(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ApiKey> findByHash(KeyHash hash) {
        return jdbc.sql(FIND_BY_HASH)
                .param(hash.value())
                .query((rs, n) -> ApiKeyRows.readAt(rs, 1))
                .optional();
    }

    Optional<ApiKey> findById(ApiKeyId id) {
        return jdbc.sql(FIND_BY_ID)
                .param(id.value())
                .query((rs, n) -> ApiKeyRows.readAt(rs, 1))
                .optional();
    }

    /** What {@link #RESERVE} saw and did; empty when the key does not exist. */
    record Hold(ApiKey key, Optional<ApiKey> parent, boolean billingHeld, boolean childHeld, boolean stored) {}

    Optional<Hold> reserve(
            UUID reservationId,
            ApiKeyId keyId,
            Msats amount,
            Instant createdAt,
            Optional<UUID> instance,
            boolean plainOnly) {
        return jdbc.sql(RESERVE_STATEMENT.sql())
                .params(reserveArguments(reservationId, keyId, amount, createdAt, instance, plainOnly))
                .query((rs, n) -> hold(rs))
                .optional();
    }

    /** {@link #reserve} with {@code plainOnly}, as a call the writer may combine with others. */
    static GroupCommit.Call<Optional<Hold>> plainHold(
            UUID reservationId, ApiKeyId keyId, Msats amount, Instant createdAt, Optional<UUID> instance) {
        return PLAIN_HOLD.call(reserveArguments(reservationId, keyId, amount, createdAt, instance, true));
    }

    private static Object[] reserveArguments(
            UUID reservationId,
            ApiKeyId keyId,
            Msats amount,
            Instant createdAt,
            Optional<UUID> instance,
            boolean plainOnly) {
        return RESERVE_STATEMENT.arguments(
                plainOnly, reservationId, keyId.value(), amount.value(), at(createdAt), instance.orElse(null));
    }

    private static Hold hold(ResultSet rs) throws SQLException {
        return new Hold(
                ApiKeyRows.readAt(rs, 1),
                rs.getObject(PARENT_FIRST) == null
                        ? Optional.empty()
                        : Optional.of(ApiKeyRows.readAt(rs, PARENT_FIRST)),
                rs.getLong(HOLD_COUNTS_FIRST) == 1, // billing_held
                rs.getLong(HOLD_COUNTS_FIRST + 1) == 1, // child_held
                rs.getLong(HOLD_COUNTS_FIRST + 2) == 1); // stored
    }

    /** What {@link #SETTLE} saw and did; empty when the reservation does not exist. */
    record Settled(
            String state,
            boolean releasedAsStale,
            Optional<Long> chargedBefore,
            boolean forChild,
            Optional<Long> charged,
            long remaining,
            long childSettled,
            long finished,
            long booked) {}

    Optional<Settled> settle(UUID reservationId, Msats cost, ChargeDetails details, Instant now, boolean plainOnly) {
        return jdbc.sql(SETTLE_STATEMENT.sql())
                .params(settleArguments(reservationId, cost, details, now, plainOnly))
                .query((rs, n) -> settled(rs))
                .optional();
    }

    /** {@link #settle} with {@code plainOnly}, as a call the writer may combine with others. */
    static GroupCommit.Call<Optional<Settled>> plainSettlement(
            UUID reservationId, Msats cost, ChargeDetails details, Instant now) {
        return PLAIN_SETTLEMENT.call(settleArguments(reservationId, cost, details, now, true));
    }

    private static Object[] settleArguments(
            UUID reservationId, Msats cost, ChargeDetails details, Instant now, boolean plainOnly) {
        boolean booked = details.model().isPresent();
        TokenUsage usage = details.usage();
        return SETTLE_STATEMENT.arguments(
                plainOnly,
                reservationId,
                cost.value(),
                at(now),
                details.model().orElse(null),
                booked ? details.provider().orElse(null) : null,
                booked ? usage.inputTokens() : null,
                booked ? usage.outputTokens() : null,
                booked ? usage.cacheReadTokens() : null,
                booked ? usage.cacheWriteTokens() : null,
                booked ? usage.reasoningTokens() : null);
    }

    // By position, in SETTLE's SELECT order (no per-result map of column names on the writer's thread).
    private static Settled settled(ResultSet rs) throws SQLException {
        return new Settled(
                rs.getString(1), // state
                rs.getBoolean(2), // released_as_stale
                ApiKeyRows.optionalLong(rs, 3), // charged_before
                rs.getBoolean(4), // for_child
                ApiKeyRows.optionalLong(rs, 5), // charged
                rs.getLong(6), // remaining
                rs.getLong(7), // child_settled
                rs.getLong(8), // finished
                rs.getLong(9)); // booked
    }

    /** What {@link #RELEASE} saw and did. */
    record Released(boolean found, boolean finished, boolean forChild, long billingFreed, long childFreed) {}

    Released release(UUID reservationId, Instant now) {
        return jdbc.sql(RELEASE_STATEMENT.sql())
                .params(RELEASE_STATEMENT.arguments(reservationId, at(now)))
                // By position, in RELEASE's SELECT order.
                .query((rs, n) -> new Released(
                        rs.getLong(1) == 1, // found
                        rs.getLong(2) == 1, // finished
                        rs.getLong(3) == 1, // for_child
                        rs.getLong(4), // billing_freed
                        rs.getLong(5))) // child_freed
                .single();
    }

    private static String prefixed(String alias) {
        return KEY_COLUMNS.stream()
                .map(column -> alias + "." + column + " AS " + alias + "_" + column)
                .collect(Collectors.joining(", "));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

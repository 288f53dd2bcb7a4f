package io.routstr.gateway.persistence.accounts;

import static io.routstr.gateway.persistence.TypedParameters.at;

import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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

    /** The columns a request's CHARGE (or SHORTFALL) entry fills, in the order the statements below give them. */
    private static final String CHARGE_ENTRY_COLUMNS =
            "id, entry_type, key_id, amount_msats, reservation_id, created_at,"
                    + " model, provider, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens";

    /** A single statement's charge details (after its cost and time), as its entry books them. */
    private static final String CHARGE_DETAILS = "CAST(:model AS varchar), CAST(:provider AS varchar),"
            + " CAST(:inputTokens AS bigint), CAST(:outputTokens AS bigint), CAST(:cacheReadTokens AS bigint),"
            + " CAST(:cacheWriteTokens AS bigint), CAST(:reasoningTokens AS bigint)";

    /** A combined statement's arrays of charge values ({@link #CHARGES_PARAMETERS}), unnested beside its own. */
    private static final String CHARGES_ARRAYS = "CAST(:costs AS bigint[]), CAST(:nows AS timestamptz[]),"
            + " CAST(:models AS varchar[]), CAST(:providers AS varchar[]), CAST(:inputTokens AS bigint[]),"
            + " CAST(:outputTokens AS bigint[]), CAST(:cacheReadTokens AS bigint[]),"
            + " CAST(:cacheWriteTokens AS bigint[]), CAST(:reasoningTokens AS bigint[])";

    /** The unnested charge values' columns, in {@link #CHARGES_ARRAYS}'s order. */
    private static final String CHARGES_COLUMNS = "cost, now, model, provider, input_tokens, output_tokens,"
            + " cache_read_tokens, cache_write_tokens, reasoning_tokens";

    /** The same details read from a combined statement's rows, named {@code s}. */
    private static final String CHARGED_DETAILS_OF_S =
            "s.model, s.provider, s.input_tokens, s.output_tokens, s.cache_read_tokens, s.cache_write_tokens,"
                    + " s.reasoning_tokens";

    /** A statement with the charge parts above put in their places ({@code {chargeEntryColumns}} and the like). */
    private static String withChargeParts(String sql) {
        return sql.replace("{chargeEntryColumns}", CHARGE_ENTRY_COLUMNS)
                .replace("{chargeDetails}", CHARGE_DETAILS)
                .replace("{chargesArrays}", CHARGES_ARRAYS)
                .replace("{chargesColumns}", CHARGES_COLUMNS)
                .replace("{chargedDetailsOfS}", CHARGED_DETAILS_OF_S);
    }

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
                INSERT INTO reservations (id, key_id, billing_key_id, amount_msats, state, created_at, instance_id,
                                          standing)
                SELECT :id, :keyId, billing.id, :amount, 'ACTIVE', :createdAt, CAST(:instance AS uuid),
                       CAST(:standing AS boolean)
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
     * by PostgreSQL ({@code ledger_entry_id}, changelog 026) and only for the entries it books: time-ordered, so that
     * the ledger's index takes them at its right edge, with random bits after the time because a key's history shows
     * them (an id that counted would tell a client how busy the node is); drawn there because the node's own secure
     * random source, a lock and a SHA-1 round per draw, cost it CPU on every paid request.
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
                INSERT INTO ledger_entries ({chargeEntryColumns})
                SELECT ledger_entry_id(:now), 'CHARGE', billing.id, billing.charged, :id, :now,
                       {chargeDetails}
                FROM billing WHERE billing.charged > 0
                UNION ALL
                -- What the request paid for goes on its SHORTFALL only when nothing was charged, so it is booked once.
                SELECT ledger_entry_id(:now), 'SHORTFALL', billing.id, :cost - billing.charged, :id, :now,
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
            """.transform(PaidPathStatements::withChargeParts);

    /**
     * Releases an ACTIVE reservation: marks it released, then frees its hold on the billing key, then the child key.
     * How the usage counts it ({@code counted}, a {@link Counted}'s name): as it was marked, as a request (given back:
     * no longer standing), or as no request (standing: a hold a pricier fallback's replaced, whose request is counted
     * by that one).
     *
     * <p>Every statement here that finds a reservation finds it by its primary key and locks it, and only then tests
     * its state: a condition {@code state = 'ACTIVE'} on the scan itself lets the planner read one of the partial
     * indexes of ACTIVE reservations instead, which it believes nearly empty while it holds an entry for every
     * reservation finished since the last vacuum (a whole scan of them per statement under load; docs/benchmarks.md,
     * session 21).
     */
    private static final String RELEASE = """
            WITH r AS (
                SELECT id, state FROM reservations WHERE id = :id FOR UPDATE
            ), finished AS (
                UPDATE reservations x SET state = 'RELEASED', released_as_stale = false, finished_at = :now,
                                          standing = CASE CAST(:counted AS varchar)
                                                         WHEN 'AS_A_REQUEST' THEN false
                                                         WHEN 'AS_NO_REQUEST' THEN true
                                                         ELSE x.standing END
                FROM r
                WHERE x.id = r.id AND r.state = 'ACTIVE'
                RETURNING x.key_id, x.billing_key_id, x.amount_msats
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

    /**
     * Charges one request to the key of the standing hold it took over and leaves the hold as it was, ACTIVE, for the
     * key's next request: the hold is locked (before its key, the paid path's lock order) and must be an ACTIVE standing
     * hold of the key, the cost positive and within it; no CHARGE may be booked under the request's id yet (asked
     * again, the statement answers the one booked); the key must pay for itself without a limit, not have expired, and
     * keep a balance that covers everything it holds after the cost is taken: exactly when settling the hold and holding
     * the same amount again would both have succeeded. Then the cost leaves the balance and is booked as a CHARGE under
     * the request's id. Nothing else is written: no reservation row changes. Its row: the amount booked before under
     * that id (else null), the charge and what the key can spend after it, the kept hold counted (null when nothing
     * was done), how many entries it booked.
     */
    private static final String KEEP = """
            WITH h AS (
                SELECT id, key_id, billing_key_id, amount_msats, state, standing
                FROM reservations WHERE id = :hold FOR UPDATE
            ), before AS (
                SELECT amount_msats FROM ledger_entries WHERE entry_type = 'CHARGE' AND reservation_id = :charge
            ), due AS (
                SELECT h.key_id, h.amount_msats AS held FROM h
                WHERE h.state = 'ACTIVE' AND h.standing AND h.key_id = h.billing_key_id
                  AND h.key_id = CAST(:keyId AS uuid)
                  AND CAST(:cost AS bigint) > 0 AND CAST(:cost AS bigint) <= h.amount_msats
                  AND NOT EXISTS (SELECT 1 FROM before)
            ), billing AS (
                UPDATE api_keys k SET balance_msats = k.balance_msats - CAST(:cost AS bigint),
                                      total_spent_msats = k.total_spent_msats + CAST(:cost AS bigint),
                                      period_spent_msats = k.period_spent_msats + CAST(:cost AS bigint),
                                      total_requests = k.total_requests + 1
                FROM due
                WHERE k.id = due.key_id AND k.parent_id IS NULL AND k.balance_limit_msats IS NULL
                  AND (k.valid_until IS NULL OR k.valid_until > :now)
                  AND k.balance_msats - CAST(:cost AS bigint) >= k.reserved_msats
                RETURNING k.id, CAST(:cost AS bigint) AS charged,
                          k.balance_msats - k.reserved_msats + due.held AS remaining
            ), booked AS (
                INSERT INTO ledger_entries ({chargeEntryColumns})
                SELECT ledger_entry_id(:now), 'CHARGE', billing.id, billing.charged, :charge, :now,
                       {chargeDetails}
                FROM billing
                RETURNING id
            )
            SELECT (SELECT amount_msats FROM before) AS charged_before,
                   (SELECT charged FROM billing) AS charged,
                   (SELECT remaining FROM billing) AS remaining,
                   (SELECT count(*) FROM booked) AS booked
            """.transform(PaidPathStatements::withChargeParts);

    /**
     * {@link #KEEP} for several requests at once, as one statement over arrays. Each key's row is updated once, by the
     * sum of its requests' costs, under the single statement's conditions for the sum (so it keeps a key's requests
     * only if all of them fit, and leaves them all to the single statement otherwise); a hold named twice is kept for
     * its first call only. Its rows, one per call in order: the ordinal, the charge (null where nothing was done), what
     * the key can spend after it in the calls' order (the kept holds counted), whether its entry was booked, and the
     * amount booked before under the request's id (else null). A call neither charged nor booked before is left to
     * the single statement.
     */
    private static final String KEEP_TOGETHER = """
            WITH input AS (
                SELECT * FROM unnest(CAST(:holds AS uuid[]), CAST(:charges AS uuid[]), CAST(:keyIds AS uuid[]),
                                     {chargesArrays})
                    WITH ORDINALITY AS i(hold, charge, key_id, {chargesColumns}, ord)
            ), first_calls AS (
                SELECT DISTINCT ON (hold) * FROM input ORDER BY hold, ord
            ), r AS (
                -- One lookup by primary key per hold, locked, in the holds' order (SETTLE_TOGETHER's r says why); each
                -- call carries its hold's columns, so that due needs no join of the two (the planner, expecting one row
                -- of each, compared every call with every hold).
                SELECT f.*, x.* FROM first_calls f,
                    LATERAL (SELECT key_id AS r_key_id, billing_key_id AS r_billing_key_id, amount_msats AS r_held,
                                    state AS r_state, standing AS r_standing
                             FROM reservations WHERE id = f.hold FOR UPDATE) x
            ), before AS (
                SELECT i.ord, e.amount_msats FROM input i,
                    LATERAL (SELECT amount_msats FROM ledger_entries
                             WHERE entry_type = 'CHARGE' AND reservation_id = i.charge OFFSET 0) e
            ), due AS (
                SELECT r.*, r.r_held AS held FROM r
                WHERE r.r_state = 'ACTIVE' AND r.r_standing AND r.r_key_id = r.r_billing_key_id
                  AND r.r_key_id = r.key_id AND r.cost > 0 AND r.cost <= r.r_held
                  AND NOT EXISTS (SELECT 1 FROM before b WHERE b.ord = r.ord)
            ), per_key AS (
                SELECT key_id, sum(cost) AS cost, sum(held) AS held, count(*) AS settled, max(now) AS latest
                FROM due GROUP BY key_id
            ), billing AS (
                UPDATE api_keys k SET balance_msats = k.balance_msats - p.cost,
                                      total_spent_msats = k.total_spent_msats + p.cost,
                                      period_spent_msats = k.period_spent_msats + p.cost,
                                      total_requests = k.total_requests + p.settled
                FROM per_key p
                WHERE k.id = p.key_id AND k.parent_id IS NULL AND k.balance_limit_msats IS NULL
                  AND (k.valid_until IS NULL OR k.valid_until > p.latest)
                  AND k.balance_msats - p.cost >= k.reserved_msats
                RETURNING k.id, k.balance_msats - k.reserved_msats + p.held AS spendable
            ), settled AS (
                SELECT d.*, b.spendable + COALESCE(sum(d.cost) OVER (
                           PARTITION BY d.key_id ORDER BY d.ord ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), 0)
                           AS remaining
                FROM due d JOIN billing b ON b.id = d.key_id
            ), booked AS (
                INSERT INTO ledger_entries ({chargeEntryColumns})
                SELECT ledger_entry_id(s.now), 'CHARGE', s.key_id, s.cost, s.charge, s.now, {chargedDetailsOfS}
                FROM settled s
                RETURNING reservation_id
            )
            -- Every settled call's entry is booked (booked inserts them all or the statement fails), so its row says
            -- so without reading booked back: that join compared every call with every entry (0.29 ms of a 27-call
            -- batch's 1.07 under EXPLAIN ANALYZE, docs/benchmarks.md, session 44). PostgreSQL runs a writing WITH
            -- whole whether or not the query reads it.
            SELECT i.ord, s.cost AS charged, s.remaining, s.ord IS NOT NULL AS booked,
                   b.amount_msats AS charged_before
            FROM input i
            LEFT JOIN settled s ON s.ord = i.ord
            LEFT JOIN before b ON b.ord = i.ord
            ORDER BY i.ord
            """.transform(PaidPathStatements::withChargeParts);

    // Translated once: the writer's thread runs these for every paid request (PositionalStatement says why).
    private static final PositionalStatement RESERVE_STATEMENT =
            PositionalStatement.of(RESERVE, "plainOnly", "id", "keyId", "amount", "createdAt", "instance", "standing");

    /**
     * A charge's parameters, after the statement's own: its cost, when, and what its entry books (model, provider and
     * the five token counts); a combined statement's are arrays of them, named in the plural.
     */
    private static final List<String> CHARGE_PARAMETERS = List.of(
            "cost",
            "now",
            "model",
            "provider",
            "inputTokens",
            "outputTokens",
            "cacheReadTokens",
            "cacheWriteTokens",
            "reasoningTokens");

    private static final List<String> CHARGES_PARAMETERS = List.of(
            "costs",
            "nows",
            "models",
            "providers",
            "inputTokens",
            "outputTokens",
            "cacheReadTokens",
            "cacheWriteTokens",
            "reasoningTokens");

    private static final PositionalStatement SETTLE_STATEMENT = charging(SETTLE, CHARGE_PARAMETERS, "plainOnly", "id");

    static final PositionalStatement RELEASE_STATEMENT = PositionalStatement.of(RELEASE, "id", "now", "counted");

    private static final PositionalStatement KEEP_STATEMENT =
            charging(KEEP, CHARGE_PARAMETERS, "hold", "charge", "keyId");

    static final PositionalStatement KEEP_TOGETHER_STATEMENT =
            charging(KEEP_TOGETHER, CHARGES_PARAMETERS, "holds", "charges", "keyIds");

    /**
     * Writes the ACTIVE reservation's row again, unchanged: a write, so its transaction's commit waits for the disk,
     * and with it every commit before (the hold's, which did not wait). No row: the hold is gone. Found by primary key
     * and locked before its state is tested ({@link #RELEASE} says why).
     */
    static final String MAKE_DURABLE = """
            WITH r AS (
                SELECT id, state FROM reservations WHERE id = ? FOR UPDATE
            )
            UPDATE reservations x SET instance_id = x.instance_id FROM r WHERE x.id = r.id AND r.state = 'ACTIVE'
            """;

    /**
     * {@link #RESERVE} with {@code plainOnly} for several keys' holds at once (group commit's batch), as one statement
     * over arrays with an element per hold. It holds only what the single statement would have held in the holds'
     * order: a plain key's holds while their running sum fits the balance no other request holds, as the key read
     * before the statement; the key's row is updated once, by their sum, under the same condition as a single hold
     * (checked again on the row as it is when locked). Every hold it does not store (a key that is not plain or not
     * found, a hold that would not fit after the ones before it) is left to the single statement. Its rows, one per
     * hold in order: the ordinal, whether it is held, then the key's columns as read before the statement.
     */
    private static final String RESERVE_TOGETHER = """
            WITH input AS (
                SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:keyIds AS uuid[]), CAST(:amounts AS bigint[]),
                                     CAST(:createdAts AS timestamptz[]), CAST(:instances AS uuid[]),
                                     CAST(:standings AS boolean[]))
                    WITH ORDINALITY AS i(id, key_id, amount, created_at, instance, standing, ord)
            ), k AS (
                -- One lookup by primary key per key named, never a join of api_keys (see SETTLE_TOGETHER's r); OFFSET 0
                -- keeps the lookup a subquery run per key, which the planner would otherwise fold into a join.
                SELECT a.* FROM (SELECT DISTINCT key_id FROM input) named,
                    LATERAL (SELECT %s FROM api_keys WHERE id = named.key_id OFFSET 0) a
            ), wanted AS (
                SELECT i.*, sum(i.amount) OVER (PARTITION BY i.key_id ORDER BY i.ord) AS running
                FROM input i JOIN k ON k.id = i.key_id
                WHERE k.parent_id IS NULL AND k.balance_limit_msats IS NULL
                  AND (k.valid_until IS NULL OR k.valid_until > i.created_at)
            ), granted AS (
                SELECT w.* FROM wanted w JOIN k ON k.id = w.key_id WHERE w.running <= k.balance_msats - k.reserved_msats
            ), billing AS (
                UPDATE api_keys b SET reserved_msats = b.reserved_msats + g.total
                FROM (SELECT key_id, sum(amount) AS total, max(created_at) AS latest FROM granted GROUP BY key_id) g
                WHERE b.id = g.key_id AND b.parent_id IS NULL AND b.balance_limit_msats IS NULL
                  AND (b.valid_until IS NULL OR b.valid_until > g.latest)
                  AND b.balance_msats - b.reserved_msats >= g.total
                RETURNING b.id
            ), stored AS (
                INSERT INTO reservations (id, key_id, billing_key_id, amount_msats, state, created_at, instance_id,
                                          standing)
                SELECT g.id, g.key_id, g.key_id, g.amount, 'ACTIVE', g.created_at, g.instance, g.standing
                FROM granted g JOIN billing ON billing.id = g.key_id
                RETURNING id
            )
            SELECT i.ord, s.id IS NOT NULL AS held, %s
            FROM input i LEFT JOIN k ON k.id = i.key_id LEFT JOIN stored s ON s.id = i.id
            ORDER BY i.ord
            """.formatted(String.join(", ", KEY_COLUMNS), prefixed("k"));

    /**
     * {@link #SETTLE} with {@code plainOnly} for several reservations at once, as one statement over arrays. It settles
     * only an ACTIVE reservation of a key that pays for itself whose cost is within its hold: its charge is then the
     * cost whatever the order (the balance never falls below what the key holds, so the balance no other request holds
     * covers the hold), which is what the single statement charges. Each key's row is updated once, by the sums of its
     * settlements; a reservation named twice is settled at most once here (its first call). What it does not settle
     * (not found, not active, a child key's, a cost above the hold) is left to the single statement. Its rows, one per
     * call in order: the ordinal, the charge (null where left), the balance no other request holds after it, whether
     * the reservation was finished and its CHARGE booked.
     */
    private static final String SETTLE_TOGETHER = """
            WITH input AS (
                SELECT * FROM unnest(CAST(:ids AS uuid[]), {chargesArrays})
                    WITH ORDINALITY AS i(id, {chargesColumns}, ord)
            ), first_calls AS (
                SELECT DISTINCT ON (id) * FROM input ORDER BY id, ord
            ), r AS (
                -- One lookup by primary key per call, locked, in the ids' order (first_calls is sorted by id). Not a
                -- join: the planner may join reservations by a hash over a whole scan of the table, and it does while
                -- the table is young; that plan then stays cached on the connection as the table grows, until a vacuum
                -- invalidates it (a fresh node's first minute: 1.4 ms a batch, session 22). Nor a condition on state:
                -- it would let the planner read the partial indexes of ACTIVE reservations, which hold an entry for
                -- every hold settled since the last vacuum (2.6 ms of a batch's 3.3, session 21).
                -- Each call carries its reservation's columns, so that due needs no join of the two (KEEP_TOGETHER's r).
                SELECT f.*, x.* FROM first_calls f,
                    LATERAL (SELECT key_id, billing_key_id AS r_billing_key_id, amount_msats AS r_held,
                                    state AS r_state, charged_msats AS r_charged
                             FROM reservations WHERE id = f.id FOR UPDATE) x
            ), due AS (
                SELECT r.*, r.r_held AS held FROM r
                WHERE r.r_state = 'ACTIVE' AND r.r_charged IS NULL AND r.key_id = r.r_billing_key_id
                  AND r.cost >= 0 AND r.cost <= r.r_held
            ), per_key AS (
                SELECT key_id, sum(held) AS held, sum(cost) AS cost, count(*) AS settled FROM due GROUP BY key_id
            ), billing AS (
                UPDATE api_keys k SET balance_msats = k.balance_msats - p.cost,
                                      reserved_msats = k.reserved_msats - p.held,
                                      total_spent_msats = k.total_spent_msats + p.cost,
                                      period_spent_msats = k.period_spent_msats + p.cost,
                                      total_requests = k.total_requests + p.settled
                FROM per_key p
                WHERE k.id = p.key_id AND k.parent_id IS NULL AND k.reserved_msats >= p.held
                  AND k.balance_msats >= p.cost
                RETURNING k.id, k.balance_msats - k.reserved_msats AS spendable
            ), settled AS (
                -- What the key no longer holds after each settlement, in the calls' order: after the last, its row's.
                SELECT d.*, GREATEST(0, b.spendable + COALESCE(sum(d.cost - d.held) OVER (
                           PARTITION BY d.key_id ORDER BY d.ord ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), 0))
                           AS remaining
                FROM due d JOIN billing b ON b.id = d.key_id
            ), finished AS (
                UPDATE reservations x SET state = 'CHARGED', charged_msats = s.cost, finished_at = s.now
                FROM settled s
                WHERE x.id = s.id
                RETURNING x.id
            ), booked AS (
                INSERT INTO ledger_entries ({chargeEntryColumns})
                SELECT ledger_entry_id(s.now), 'CHARGE', s.key_id, s.cost, s.id, s.now, {chargedDetailsOfS}
                FROM settled s WHERE s.cost > 0
                RETURNING reservation_id
            )
            -- Every settled call's reservation is finished (locked in r, so there to update) and its entry booked when
            -- it costs something; its row says so without reading finished and booked back (KEEP_TOGETHER's last
            -- comment).
            SELECT i.ord, s.cost AS charged, s.remaining, s.ord IS NOT NULL AS finished,
                   s.ord IS NOT NULL AND s.cost > 0 AS booked
            FROM input i
            LEFT JOIN settled s ON s.ord = i.ord
            ORDER BY i.ord
            """.transform(PaidPathStatements::withChargeParts);

    static final PositionalStatement RESERVE_TOGETHER_STATEMENT = PositionalStatement.of(
            RESERVE_TOGETHER, "ids", "keyIds", "amounts", "createdAts", "instances", "standings");

    static final PositionalStatement SETTLE_TOGETHER_STATEMENT = charging(SETTLE_TOGETHER, CHARGES_PARAMETERS, "ids");

    /** A statement whose parameters are {@code first}, then a charge's ({@code charge}). */
    private static PositionalStatement charging(String sql, List<String> charge, String... first) {
        List<String> names = new ArrayList<>(List.of(first));
        names.addAll(charge);
        return PositionalStatement.of(sql, names.toArray(String[]::new));
    }

    /**
     * {@link #RESERVE} for a plain key, as the writer combines it with others ({@link #RESERVE_TOGETHER}). Its commit
     * leaves its flush to the next that waits: the settlement's, or the flush a stream asks for before its first byte
     * ({@link #makeDurable}). Until then nothing the hold pays for has left the node, so a crash of PostgreSQL that
     * loses the hold loses nothing else a client saw.
     */
    static final GroupCommit.Combinable<Optional<Hold>> PLAIN_HOLD = new GroupCommit.Combinable<>(
            "plain hold",
            RESERVE_STATEMENT,
            rows -> rows.next() ? Optional.of(hold(rows)) : Optional.empty(),
            PaidPathStatements::holdTogether,
            true);

    /** {@link #SETTLE} for a plain key's reservation, as the writer combines it ({@link #SETTLE_TOGETHER}). */
    static final GroupCommit.Combinable<Optional<Settled>> PLAIN_SETTLEMENT = new GroupCommit.Combinable<>(
            "plain settlement",
            SETTLE_STATEMENT,
            rows -> rows.next() ? Optional.of(settled(rows)) : Optional.empty(),
            PaidPathStatements::settleTogether);

    /** {@link #KEEP}, as the writer combines it ({@link #KEEP_TOGETHER}); its commit waits for the disk. */
    static final GroupCommit.Combinable<KeptCharge> KEPT_CHARGE = new GroupCommit.Combinable<>(
            "kept charge", KEEP_STATEMENT, PaidPathStatements::keptCharge, PaidPathStatements::keepTogether);

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
                .params(RESERVE_STATEMENT.arguments(
                        reserveValues(reservationId, keyId, amount, createdAt, instance, plainOnly, false)))
                .query((rs, n) -> hold(rs))
                .optional();
    }

    /** {@link #reserve} with {@code plainOnly}, as a call the writer may combine with others. */
    static GroupCommit.Call<Optional<Hold>> plainHold(
            UUID reservationId, ApiKeyId keyId, Msats amount, Instant createdAt, Optional<UUID> instance) {
        return PLAIN_HOLD.call(reserveValues(reservationId, keyId, amount, createdAt, instance, true, false));
    }

    /** {@link #plainHold} of a standing hold: one placed for the key's next request, marked so. */
    static GroupCommit.Call<Optional<Hold>> standingHold(
            UUID reservationId, ApiKeyId keyId, Msats amount, Instant createdAt, UUID instance) {
        return PLAIN_HOLD.call(
                reserveValues(reservationId, keyId, amount, createdAt, Optional.of(instance), true, true));
    }

    /** {@link #RESERVE}'s parameters' values, in their declared order. */
    private static Object[] reserveValues(
            UUID reservationId,
            ApiKeyId keyId,
            Msats amount,
            Instant createdAt,
            Optional<UUID> instance,
            boolean plainOnly,
            boolean standing) {
        return new Object[] {
            plainOnly, reservationId, keyId.value(), amount.value(), at(createdAt), instance.orElse(null), standing
        };
    }

    /**
     * Several plain holds' values ({@link #reserveValues}) as {@link #RESERVE_TOGETHER}: a held one's {@link Hold} (the
     * key as read before, held and stored), {@code null} for one left to {@link #RESERVE}.
     */
    private static GroupCommit.Prepared<Optional<Hold>> holdTogether(Connection connection, List<Object[]> calls)
            throws SQLException {
        int n = calls.size();
        UUID[] ids = new UUID[n];
        UUID[] keyIds = new UUID[n];
        Long[] amounts = new Long[n];
        String[] createdAts = new String[n];
        UUID[] instances = new UUID[n];
        Boolean[] standings = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Object[] values = calls.get(i);
            if (!Boolean.TRUE.equals(values[0])) {
                throw new IllegalArgumentException("a combined hold is a plain one");
            }
            ids[i] = (UUID) values[1];
            keyIds[i] = (UUID) values[2];
            amounts[i] = (Long) values[3];
            createdAts[i] = values[4].toString();
            instances[i] = (UUID) values[5];
            standings[i] = (Boolean) values[6];
        }
        Object[] arrays = {
            connection.createArrayOf("uuid", ids),
            connection.createArrayOf("uuid", keyIds),
            connection.createArrayOf("int8", amounts),
            connection.createArrayOf("timestamptz", createdAts),
            connection.createArrayOf("uuid", instances),
            connection.createArrayOf("bool", standings)
        };
        return together(
                RESERVE_TOGETHER_STATEMENT,
                arrays,
                n,
                rows -> rows.getBoolean(2)
                        ? Optional.of(new Hold(ApiKeyRows.readAt(rows, 3), Optional.empty(), true, false, true))
                        : null);
    }

    /**
     * {@code first}, then the arrays of the calls' charge values ({@link #CHARGES_PARAMETERS}: cost, now, model,
     * provider and the five token counts), which each call holds from position {@code from} on.
     */
    private static Object[] withChargeArrays(Connection connection, List<Object[]> calls, int from, Object... first)
            throws SQLException {
        int n = calls.size();
        Long[] costs = new Long[n];
        String[] nows = new String[n];
        String[] models = new String[n];
        String[] providers = new String[n];
        Long[][] tokens = new Long[5][n];
        for (int i = 0; i < n; i++) {
            Object[] values = calls.get(i);
            costs[i] = (Long) values[from];
            nows[i] = values[from + 1].toString();
            models[i] = (String) values[from + 2];
            providers[i] = (String) values[from + 3];
            for (int t = 0; t < tokens.length; t++) {
                tokens[t][i] = (Long) values[from + 4 + t];
            }
        }
        Object[] arrays = Arrays.copyOf(first, first.length + 4 + tokens.length);
        arrays[first.length] = connection.createArrayOf("int8", costs);
        arrays[first.length + 1] = connection.createArrayOf("timestamptz", nows);
        arrays[first.length + 2] = connection.createArrayOf("varchar", models);
        arrays[first.length + 3] = connection.createArrayOf("varchar", providers);
        for (int t = 0; t < tokens.length; t++) {
            arrays[first.length + 4 + t] = connection.createArrayOf("int8", tokens[t]);
        }
        return arrays;
    }

    /** A set-based statement whose rows answer its calls in order, each row its call's ordinal first. */
    private static <T> GroupCommit.Prepared<T> together(
            PositionalStatement statement, Object[] arrays, int calls, GroupCommit.ResultReader<T> row) {
        return new GroupCommit.Prepared<>(statement.sql(), statement.arguments(arrays), rows -> {
            List<T> results = new ArrayList<>(calls);
            while (rows.next()) {
                if (rows.getLong(1) != results.size() + 1) {
                    throw new IllegalStateException("a combined statement answered out of order");
                }
                results.add(row.read(rows));
            }
            return results;
        });
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
                .params(SETTLE_STATEMENT.arguments(settleValues(reservationId, cost, details, now, plainOnly)))
                .query((rs, n) -> settled(rs))
                .optional();
    }

    /** {@link #settle} with {@code plainOnly}, as a call the writer may combine with others. */
    static GroupCommit.Call<Optional<Settled>> plainSettlement(
            UUID reservationId, Msats cost, ChargeDetails details, Instant now) {
        return PLAIN_SETTLEMENT.call(settleValues(reservationId, cost, details, now, true));
    }

    /** {@link #SETTLE}'s parameters' values, in their declared order. */
    private static Object[] settleValues(
            UUID reservationId, Msats cost, ChargeDetails details, Instant now, boolean plainOnly) {
        Object[] values = new Object[2 + CHARGE_PARAMETERS.size()];
        values[0] = plainOnly;
        values[1] = reservationId;
        return withChargeValues(values, 2, cost, details, now);
    }

    /**
     * {@code values} with a charge's values ({@link #CHARGE_PARAMETERS}) put in from position {@code from}: its cost,
     * when, and what its entry books (provider and tokens only with a model).
     */
    private static Object[] withChargeValues(
            Object[] values, int from, Msats cost, ChargeDetails details, Instant now) {
        boolean booked = details.model().isPresent();
        TokenUsage usage = details.usage();
        values[from] = cost.value();
        values[from + 1] = at(now);
        values[from + 2] = details.model().orElse(null);
        values[from + 3] = booked ? details.provider().orElse(null) : null;
        values[from + 4] = booked ? usage.inputTokens() : null;
        values[from + 5] = booked ? usage.outputTokens() : null;
        values[from + 6] = booked ? usage.cacheReadTokens() : null;
        values[from + 7] = booked ? usage.cacheWriteTokens() : null;
        values[from + 8] = booked ? usage.reasoningTokens() : null;
        return values;
    }

    /**
     * Several plain settlements' values ({@link #settleValues}) as {@link #SETTLE_TOGETHER}: a settled one's {@link
     * Settled} (as the single statement answers an ACTIVE reservation it charged in full), {@code null} for one left to
     * {@link #SETTLE}.
     */
    private static GroupCommit.Prepared<Optional<Settled>> settleTogether(Connection connection, List<Object[]> calls)
            throws SQLException {
        int n = calls.size();
        UUID[] ids = new UUID[n];
        for (int i = 0; i < n; i++) {
            Object[] values = calls.get(i);
            if (!Boolean.TRUE.equals(values[0])) {
                throw new IllegalArgumentException("a combined settlement is a plain one");
            }
            ids[i] = (UUID) values[1];
        }
        Object[] arrays = withChargeArrays(connection, calls, 2, connection.createArrayOf("uuid", ids));
        return together(SETTLE_TOGETHER_STATEMENT, arrays, n, rows -> {
            long charged = rows.getLong(2);
            if (rows.wasNull()) {
                return null;
            }
            return Optional.of(new Settled(
                    "ACTIVE",
                    false,
                    Optional.empty(),
                    false,
                    Optional.of(charged),
                    rows.getLong(3), // remaining
                    0,
                    rows.getBoolean(4) ? 1 : 0, // finished
                    rows.getBoolean(5) ? 1 : 0)); // booked
        });
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

    /** {@link #MAKE_DURABLE}: whether the reservation is still ACTIVE, its hold on disk once the caller's commit ends. */
    boolean makeDurable(UUID reservationId) {
        return jdbc.sql(MAKE_DURABLE).param(reservationId).update() == 1;
    }

    /**
     * What {@link #KEEP} saw and did: the amount booked before under the request's id, or the charge and what the key
     * can spend after it (the kept hold counted); neither when it did nothing.
     */
    record KeptCharge(Optional<Long> chargedBefore, Optional<Long> charged, long remaining, long booked) {}

    /** {@link #KEEP} as a call the writer may combine with others. */
    static GroupCommit.Call<KeptCharge> keptCharge(
            UUID hold, UUID charge, ApiKeyId keyId, Msats cost, ChargeDetails details, Instant now) {
        Object[] values = new Object[3 + CHARGE_PARAMETERS.size()];
        values[0] = hold;
        values[1] = charge;
        values[2] = keyId.value();
        return KEPT_CHARGE.call(withChargeValues(values, 3, cost, details, now));
    }

    // By position, in KEEP's SELECT order.
    private static KeptCharge keptCharge(ResultSet rows) throws SQLException {
        if (!rows.next()) {
            throw new IllegalStateException("the kept charge answered no row");
        }
        return new KeptCharge(
                ApiKeyRows.optionalLong(rows, 1), // charged_before
                ApiKeyRows.optionalLong(rows, 2), // charged
                rows.getLong(3), // remaining (0 when null: nothing was charged)
                rows.getLong(4)); // booked
    }

    /**
     * Several kept charges' values ({@link #keptCharge}) as {@link #KEEP_TOGETHER}: a call charged or booked before
     * answers as the single statement would, {@code null} for one left to {@link #KEEP}.
     */
    private static GroupCommit.Prepared<KeptCharge> keepTogether(Connection connection, List<Object[]> calls)
            throws SQLException {
        int n = calls.size();
        UUID[][] ids = new UUID[3][n]; // holds, charges, keys
        for (int i = 0; i < n; i++) {
            Object[] values = calls.get(i);
            for (int u = 0; u < ids.length; u++) {
                ids[u][i] = (UUID) values[u];
            }
        }
        Object[] arrays = withChargeArrays(
                connection,
                calls,
                3,
                connection.createArrayOf("uuid", ids[0]),
                connection.createArrayOf("uuid", ids[1]),
                connection.createArrayOf("uuid", ids[2]));
        return together(KEEP_TOGETHER_STATEMENT, arrays, n, rows -> {
            long charged = rows.getLong(2);
            if (!rows.wasNull()) {
                return new KeptCharge(
                        Optional.empty(), Optional.of(charged), rows.getLong(3), rows.getBoolean(4) ? 1 : 0);
            }
            long before = rows.getLong(5);
            return rows.wasNull() ? null : new KeptCharge(Optional.of(before), Optional.empty(), 0, 0);
        });
    }

    /** What {@link #RELEASE} saw and did. */
    record Released(boolean found, boolean finished, boolean forChild, long billingFreed, long childFreed) {}

    /** How a released hold counts in the usage, which counts a reservation released still marked standing as none. */
    enum Counted {
        /** As it was marked: a standing hold no request used, released idle, at a refund or at shutdown. */
        AS_IT_WAS,
        /** As a request given back: a request's own hold, or a standing hold it took over, no longer standing. */
        AS_A_REQUEST,
        /** As no request: a hold a pricier fallback's replaced, marked standing; the request counts by the new one. */
        AS_NO_REQUEST
    }

    Released release(UUID reservationId, Instant now, Counted counted) {
        return jdbc.sql(RELEASE_STATEMENT.sql())
                .params(RELEASE_STATEMENT.arguments(reservationId, at(now), counted.name()))
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
}

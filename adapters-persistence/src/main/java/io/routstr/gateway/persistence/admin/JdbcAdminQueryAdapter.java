package io.routstr.gateway.persistence.admin;

import io.routstr.gateway.application.port.out.admin.AdminQueryPort;
import io.routstr.gateway.domain.admin.InvoiceSummary;
import io.routstr.gateway.domain.admin.KeyPage;
import io.routstr.gateway.domain.admin.ModelUsage;
import io.routstr.gateway.domain.admin.ModelUsageBucket;
import io.routstr.gateway.domain.admin.UsageBucket;
import io.routstr.gateway.domain.admin.WalletOperationSummary;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.RateLimits;
import io.routstr.gateway.domain.ledger.LedgerEntry;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.ReservationId;
import io.routstr.gateway.persistence.accounts.ApiKeyRows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Read-only SQL over the node's tables for the operator's views; nothing here writes. */
@Component
record JdbcAdminQueryAdapter(JdbcClient jdbc) implements AdminQueryPort {

    @Override
    public KeyPage keys(String hashPrefix, int limit, int offset) {
        String pattern = hashPrefix + "%"; // the service allows hex digits only, so no LIKE wildcard slips in
        List<ApiKey> keys = jdbc.sql(
                        "SELECT * FROM api_keys WHERE key_hash LIKE ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?")
                .params(pattern, limit, offset)
                .query(ApiKeyRows::read)
                .list();
        return jdbc.sql(
                        "SELECT count(*) AS keys, coalesce(sum(balance_msats) FILTER (WHERE parent_id IS NULL), 0) AS balance,"
                                + " coalesce(sum(total_spent_msats), 0) AS spent, coalesce(sum(total_requests), 0) AS requests"
                                + " FROM api_keys WHERE key_hash LIKE ?")
                .params(pattern)
                .query((rs, n) -> new KeyPage(
                        keys,
                        rs.getLong("keys"),
                        Msats.of(rs.getLong("balance")),
                        Msats.of(rs.getLong("spent")),
                        rs.getLong("requests")))
                .single();
    }

    @Override
    public RateLimits rateLimits(ApiKeyId key) {
        return jdbc
                .sql("SELECT requests_per_minute, tokens_per_minute, max_concurrent FROM key_rate_limits"
                        + " WHERE key_id = ?")
                .params(key.value())
                .query((rs, n) -> new RateLimits(
                        optionalInt(rs, "requests_per_minute"),
                        rs.getObject("tokens_per_minute") == null
                                ? OptionalLong.empty()
                                : OptionalLong.of(rs.getLong("tokens_per_minute")),
                        optionalInt(rs, "max_concurrent")))
                .list()
                .stream()
                .findFirst()
                .orElse(RateLimits.NONE);
    }

    @Override
    public List<LedgerEntry> ledgerEntries(Optional<LedgerEntryType> type, int limit, int offset) {
        if (type.isPresent()) {
            return jdbc.sql(
                            "SELECT * FROM ledger_entries WHERE entry_type = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?")
                    .params(type.get().name(), limit, offset)
                    .query(JdbcAdminQueryAdapter::entry)
                    .list();
        }
        return jdbc.sql("SELECT * FROM ledger_entries ORDER BY created_at DESC, id LIMIT ? OFFSET ?")
                .params(limit, offset)
                .query(JdbcAdminQueryAdapter::entry)
                .list();
    }

    @Override
    public List<UsageBucket> usage(UsageBucket.Granularity granularity, Instant since) {
        String unit = granularity == UsageBucket.Granularity.HOUR ? "hour" : "day";
        // Buckets are cut in UTC whatever the session's time zone; one pass over reservations, one over the ledger.
        // A standing hold released still marked standing (placed for a key's next request, which never came before it
        // idled out) was no request; one a request took over ends charged, or given back by that request
        // (BalancePort.releaseRequest), which marks it the request's own: counted as a failed request. A hold a pricier
        // fallback's replaced is released marked standing (BalancePort.releaseSuperseded): its request counts once, by
        // the hold that replaced it. A request
        // charged on a standing hold kept in place has no reservation of its own: its CHARGE, booked under its own id,
        // names none, and counts it.
        String sql = "SELECT bucket, sum(requests) AS requests, sum(failed) AS failed, sum(spent) AS spent,"
                + " sum(deposited) AS deposited, sum(paid_back) AS paid_back FROM ("
                + " SELECT date_trunc('" + unit + "', created_at AT TIME ZONE 'UTC') AS bucket,"
                + " count(*) FILTER (WHERE NOT (standing AND state = 'RELEASED')) AS requests,"
                + " count(*) FILTER (WHERE state = 'RELEASED' AND NOT standing) AS failed,"
                + " 0 AS spent, 0 AS deposited, 0 AS paid_back"
                + " FROM reservations WHERE created_at >= ? GROUP BY 1"
                + " UNION ALL"
                + " SELECT date_trunc('" + unit + "', l.created_at AT TIME ZONE 'UTC'),"
                + " count(*) FILTER (WHERE l.entry_type = 'CHARGE' AND l.reservation_id IS NOT NULL"
                + " AND NOT EXISTS (SELECT 1 FROM reservations r WHERE r.id = l.reservation_id)), 0,"
                + " coalesce(sum(l.amount_msats) FILTER (WHERE l.entry_type = 'CHARGE'), 0),"
                + " coalesce(sum(l.amount_msats) FILTER (WHERE l.entry_type = 'DEPOSIT'), 0),"
                + " coalesce(sum(l.amount_msats) FILTER (WHERE l.entry_type IN ('REFUND', 'WITHDRAWAL')), 0)"
                + " FROM ledger_entries l WHERE l.created_at >= ? GROUP BY 1"
                + ") AS parts GROUP BY bucket ORDER BY bucket";
        return jdbc.sql(sql)
                .params(Timestamp.from(since), Timestamp.from(since))
                .query((rs, n) -> new UsageBucket(
                        rs.getObject("bucket", LocalDateTime.class).toInstant(ZoneOffset.UTC),
                        rs.getLong("requests"),
                        rs.getLong("failed"),
                        Msats.of(rs.getLong("spent")),
                        Msats.of(rs.getLong("deposited")),
                        Msats.of(rs.getLong("paid_back"))))
                .list();
    }

    @Override
    public List<ModelUsageBucket> usageByModel(UsageBucket.Granularity granularity, Instant since) {
        String unit = granularity == UsageBucket.Granularity.HOUR ? "hour" : "day";
        // The settle statement books the model on a request's CHARGE, or on its SHORTFALL when nothing was charged:
        // one row per request carries it, so counting those rows counts requests, and their tokens are counted once.
        String sql = "SELECT date_trunc('" + unit + "', created_at AT TIME ZONE 'UTC') AS bucket, model,"
                + " count(*) FILTER (WHERE input_tokens IS NOT NULL) AS requests,"
                + " coalesce(sum(amount_msats) FILTER (WHERE entry_type = 'CHARGE'), 0) AS spent,"
                + " coalesce(sum(amount_msats) FILTER (WHERE entry_type = 'SHORTFALL'), 0) AS shortfall,"
                + " coalesce(sum(input_tokens), 0) AS input_tokens, coalesce(sum(output_tokens), 0) AS output_tokens,"
                + " coalesce(sum(cache_read_tokens), 0) AS cache_read_tokens,"
                + " coalesce(sum(cache_write_tokens), 0) AS cache_write_tokens,"
                + " coalesce(sum(reasoning_tokens), 0) AS reasoning_tokens"
                + " FROM (SELECT l.created_at, l.entry_type, l.amount_msats, l.input_tokens, l.output_tokens,"
                + " l.cache_read_tokens, l.cache_write_tokens, l.reasoning_tokens,"
                + " coalesce(l.model, c.model) AS model"
                + " FROM ledger_entries l LEFT JOIN ledger_entries c ON l.entry_type = 'SHORTFALL'"
                + " AND c.entry_type = 'CHARGE' AND c.reservation_id = l.reservation_id"
                + " WHERE l.entry_type IN ('CHARGE', 'SHORTFALL') AND l.created_at >= ?) AS booked"
                + " WHERE model IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2";
        return jdbc.sql(sql)
                .params(Timestamp.from(since))
                .query((rs, n) -> new ModelUsageBucket(
                        rs.getObject("bucket", LocalDateTime.class).toInstant(ZoneOffset.UTC),
                        new ModelUsage(
                                rs.getString("model"),
                                rs.getLong("requests"),
                                Msats.of(rs.getLong("spent")),
                                Msats.of(rs.getLong("shortfall")),
                                rs.getLong("input_tokens"),
                                rs.getLong("output_tokens"),
                                rs.getLong("cache_read_tokens"),
                                rs.getLong("cache_write_tokens"),
                                rs.getLong("reasoning_tokens"))))
                .list();
    }

    @Override
    public List<WalletOperationSummary> walletOperations(int limit, int offset) {
        return jdbc.sql(
                        "SELECT id, kind, mint_url, unit, state, settled_amount, created_at, updated_at FROM wallet_operations"
                                + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?")
                .params(limit, offset)
                .query((rs, n) -> new WalletOperationSummary(
                        rs.getObject("id", UUID.class),
                        rs.getString("kind"),
                        MintUrl.of(rs.getString("mint_url")),
                        CurrencyUnit.of(rs.getString("unit")),
                        rs.getString("state"),
                        rs.getLong("settled_amount"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("updated_at").toInstant()))
                .list();
    }

    @Override
    public List<InvoiceSummary> invoices(Optional<String> state, int limit, int offset) {
        List<Object> arguments = new ArrayList<>();
        String where = "";
        if (state.isPresent()) {
            where = " WHERE state = ?";
            arguments.add(state.get());
        }
        arguments.add(limit);
        arguments.add(offset);
        return jdbc.sql("SELECT id, mint_url, amount_sats, purpose, state, created_at, expires_at, paid_at"
                        + " FROM lightning_invoices" + where + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?")
                .params(arguments)
                .query((rs, n) -> new InvoiceSummary(
                        rs.getString("id"),
                        MintUrl.of(rs.getString("mint_url")),
                        rs.getLong("amount_sats"),
                        rs.getString("purpose"),
                        rs.getString("state"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("expires_at").toInstant(),
                        JdbcAdminAccessAdapter.instant(rs, "paid_at")))
                .list();
    }

    private static LedgerEntry entry(ResultSet rs, int row) throws SQLException {
        return new LedgerEntry(
                rs.getObject("id", UUID.class),
                LedgerEntryType.valueOf(rs.getString("entry_type")),
                Optional.ofNullable(rs.getObject("key_id", UUID.class)).map(ApiKeyId::new),
                Msats.of(rs.getLong("amount_msats")),
                Optional.ofNullable(rs.getObject("reservation_id", UUID.class)).map(ReservationId::new),
                Optional.ofNullable(rs.getString("reference")),
                rs.getTimestamp("created_at").toInstant());
    }

    private static OptionalInt optionalInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(value);
    }
}

package io.routstr.gateway.persistence.accounts;

import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.BalanceLimit;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.key.LimitResetPeriod;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads an {@code api_keys} row into an {@link ApiKey}: the one mapping of that table for the paid path's statements
 * and the admin queries, so a column added to the key is read the same way everywhere.
 */
public final class ApiKeyRows {

    /**
     * The columns the paid path selects, in this order ({@link #readAt}): each of its statements reads one or two keys,
     * and a column found by its position costs no look-up of its name among the result's column names (pgjdbc keeps a
     * map of them for that), 17 to 34 times per statement on the writer's thread.
     */
    static final List<String> COLUMNS = List.of(
            "id",
            "key_hash",
            "parent_id",
            "balance_msats",
            "reserved_msats",
            "total_spent_msats",
            "period_spent_msats",
            "total_requests",
            "balance_limit_msats",
            "limit_reset_period",
            "limit_reset_at",
            "valid_until",
            "refund_mint_url",
            "refund_unit",
            "refund_address",
            "refund_after",
            "created_at");

    private static final int ID = COLUMNS.indexOf("id");
    private static final int KEY_HASH = COLUMNS.indexOf("key_hash");
    private static final int PARENT_ID = COLUMNS.indexOf("parent_id");
    private static final int BALANCE = COLUMNS.indexOf("balance_msats");
    private static final int RESERVED = COLUMNS.indexOf("reserved_msats");
    private static final int TOTAL_SPENT = COLUMNS.indexOf("total_spent_msats");
    private static final int PERIOD_SPENT = COLUMNS.indexOf("period_spent_msats");
    private static final int TOTAL_REQUESTS = COLUMNS.indexOf("total_requests");
    private static final int LIMIT = COLUMNS.indexOf("balance_limit_msats");
    private static final int LIMIT_PERIOD = COLUMNS.indexOf("limit_reset_period");
    private static final int LIMIT_RESET_AT = COLUMNS.indexOf("limit_reset_at");
    private static final int VALID_UNTIL = COLUMNS.indexOf("valid_until");
    private static final int REFUND_MINT = COLUMNS.indexOf("refund_mint_url");
    private static final int REFUND_UNIT = COLUMNS.indexOf("refund_unit");
    private static final int REFUND_ADDRESS = COLUMNS.indexOf("refund_address");
    private static final int REFUND_AFTER = COLUMNS.indexOf("refund_after");
    private static final int CREATED_AT = COLUMNS.indexOf("created_at");

    /**
     * Mint URLs as stored, parsed once: a key's row carries its refund mint's URL, parsing it ({@link MintUrl}: strip,
     * {@code URI.create}) on every read cost 3.7 % of the paid path's CPU samples (session 9's profile), and a node
     * sees few mints. Bounded, so rows naming ever new URLs cannot grow it: past the bound a URL is parsed per read.
     */
    private static final ConcurrentHashMap<String, MintUrl> MINTS = new ConcurrentHashMap<>();

    private static final int MINTS_REMEMBERED = 64;

    private ApiKeyRows() {}

    /** The key of an {@code api_keys} row read by column name ({@code SELECT *}). */
    public static ApiKey read(ResultSet rs, int row) throws SQLException {
        return read(rs, "");
    }

    /**
     * The key whose columns carry a prefix, e.g. {@code k_} for a key and {@code p_} for its parent read in one row.
     */
    public static ApiKey read(ResultSet rs, String prefix) throws SQLException {
        Optional<Long> limit = optionalLong(rs, prefix + "balance_limit_msats");
        LimitResetPeriod period = LimitResetPeriod.valueOf(rs.getString(prefix + "limit_reset_period"));
        Instant lastReset = instant(rs, prefix + "limit_reset_at");
        Optional<BalanceLimit> balanceLimit = limit.map(l -> new BalanceLimit(Msats.of(l), period, lastReset));
        RefundTarget refund = new RefundTarget(
                mint(rs.getString(prefix + "refund_mint_url")),
                CurrencyUnit.of(rs.getString(prefix + "refund_unit")),
                rs.getString(prefix + "refund_address"),
                instant(rs, prefix + "refund_after"));
        return new ApiKey(
                new ApiKeyId(rs.getObject(prefix + "id", UUID.class)),
                new KeyHash(rs.getString(prefix + "key_hash")),
                Msats.of(rs.getLong(prefix + "balance_msats")),
                Msats.of(rs.getLong(prefix + "reserved_msats")),
                Msats.of(rs.getLong(prefix + "total_spent_msats")),
                Msats.of(rs.getLong(prefix + "period_spent_msats")),
                rs.getLong(prefix + "total_requests"),
                Optional.ofNullable(rs.getObject(prefix + "parent_id", UUID.class))
                        .map(ApiKeyId::new),
                balanceLimit,
                Optional.ofNullable(instant(rs, prefix + "valid_until")),
                refund,
                instant(rs, prefix + "created_at"));
    }

    /**
     * The key whose {@link #COLUMNS} come in that order from column {@code first} on (1-based, as JDBC counts), as the
     * paid path's statements select them.
     */
    static ApiKey readAt(ResultSet rs, int first) throws SQLException {
        int at = first;
        Long limit = nullableLong(rs, at + LIMIT);
        Optional<BalanceLimit> balanceLimit = limit == null
                ? Optional.empty()
                : Optional.of(new BalanceLimit(
                        Msats.of(limit),
                        LimitResetPeriod.valueOf(rs.getString(at + LIMIT_PERIOD)),
                        instant(rs, at + LIMIT_RESET_AT)));
        RefundTarget refund = new RefundTarget(
                mint(rs.getString(at + REFUND_MINT)),
                CurrencyUnit.of(rs.getString(at + REFUND_UNIT)),
                rs.getString(at + REFUND_ADDRESS),
                instant(rs, at + REFUND_AFTER));
        UUID parent = rs.getObject(at + PARENT_ID, UUID.class);
        return new ApiKey(
                new ApiKeyId(rs.getObject(at + ID, UUID.class)),
                new KeyHash(rs.getString(at + KEY_HASH)),
                Msats.of(rs.getLong(at + BALANCE)),
                Msats.of(rs.getLong(at + RESERVED)),
                Msats.of(rs.getLong(at + TOTAL_SPENT)),
                Msats.of(rs.getLong(at + PERIOD_SPENT)),
                rs.getLong(at + TOTAL_REQUESTS),
                parent == null ? Optional.empty() : Optional.of(new ApiKeyId(parent)),
                balanceLimit,
                Optional.ofNullable(instant(rs, at + VALID_UNTIL)),
                refund,
                instant(rs, at + CREATED_AT));
    }

    /** A nullable {@code bigint} column. */
    static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }

    /** A nullable {@code bigint} column, by position. */
    static Optional<Long> optionalLong(ResultSet rs, int column) throws SQLException {
        return Optional.ofNullable(nullableLong(rs, column));
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static MintUrl mint(String stored) {
        if (stored == null) {
            return MintUrl.of(stored); // refused as before
        }
        MintUrl known = MINTS.get(stored);
        if (known != null) {
            return known;
        }
        MintUrl parsed = MintUrl.of(stored);
        if (MINTS.size() < MINTS_REMEMBERED) {
            MINTS.putIfAbsent(stored, parsed);
        }
        return parsed;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}

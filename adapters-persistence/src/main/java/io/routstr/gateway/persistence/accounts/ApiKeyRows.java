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
import java.util.Optional;
import java.util.UUID;

/**
 * Reads an {@code api_keys} row into an {@link ApiKey}: the one mapping of that table for the paid path's statements
 * and the admin queries, so a column added to the key is read the same way everywhere.
 */
public final class ApiKeyRows {

    private ApiKeyRows() {}

    /** The key of an {@code api_keys} row ({@code SELECT *} or the paid path's column list). */
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
                MintUrl.of(rs.getString(prefix + "refund_mint_url")),
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

    /** A nullable {@code bigint} column. */
    static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}

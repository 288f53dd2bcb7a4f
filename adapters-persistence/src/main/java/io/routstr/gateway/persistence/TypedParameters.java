package io.routstr.gateway.persistence;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.springframework.jdbc.core.SqlParameterValue;

/**
 * Parameter values the JDBC driver binds with their type, for the adapters' statements. A parameter whose type the
 * driver leaves to the server (a {@code null} bound without one, any {@link java.sql.Timestamp}) makes it have the
 * statement described by the server once it is prepared there, at its fifth use on a connection; from then on, where
 * the statement's rows have no bounded size, the driver sends a Sync before each execution: one round trip more for
 * nothing (three per {@code X-Cashu} request before these were typed; docs/benchmarks.md, session 40).
 */
public final class TypedParameters {

    private TypedParameters() {}

    /** A time, as {@code timestamptz}. */
    public static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Text that may be absent, as {@code varchar}. */
    public static SqlParameterValue text(String value) {
        return new SqlParameterValue(Types.VARCHAR, value);
    }

    /** A number that may be absent, as {@code bigint}. */
    public static SqlParameterValue bigint(Long value) {
        return new SqlParameterValue(Types.BIGINT, value);
    }

    /** A number that may be absent, as {@code bigint}. */
    public static SqlParameterValue bigint(OptionalLong value) {
        return bigint(value.isPresent() ? value.getAsLong() : null);
    }

    /** A number that may be absent, as {@code integer}. */
    public static SqlParameterValue integer(OptionalInt value) {
        return new SqlParameterValue(Types.INTEGER, value.isPresent() ? value.getAsInt() : null);
    }

    /**
     * A time that may be absent, as its ISO text: the driver has no type for a null time, so the statement casts it
     * ({@code CAST(:name AS timestamptz)}).
     */
    public static SqlParameterValue timeText(Instant instant) {
        return text(instant == null ? null : instant.toString());
    }
}

package io.routstr.gateway.persistence.limits;

import io.routstr.gateway.application.port.out.RequestLimitPort;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.RateLimits;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Per-key rate limits on PostgreSQL. An admission is one short transaction holding a transaction-scoped advisory lock
 * on the key: it reads the key's minute window and in-flight rows, and counts the request only if every limit allows,
 * so concurrent admissions on any number of instances never overshoot. A key without limits (own or the node's)
 * opens no transaction: which keys have limits of their own is listed once per {@link #REMEMBER_OWN_LIMITS} (a key off
 * the list reads nothing), and a listed key's limits are remembered for as long.
 */
@Component
class JdbcRequestLimitAdapter implements RequestLimitPort {

    /**
     * How long this instance trusts a key's own limits once read: limits set through another instance apply here
     * within this time (those set through this one, at once). Limits move no money, so a short delay is safe.
     */
    static final Duration REMEMBER_OWN_LIMITS = Duration.ofSeconds(5);

    /** Beyond this many keys with limits of their own, no list is kept and each key's limits are read on their own. */
    static final int MAX_LISTED = 10_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final RememberedLimits remembered;
    private final KeysWithOwnLimits withOwnLimits;

    JdbcRequestLimitAdapter(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.remembered = new RememberedLimits(this::ownLimits, REMEMBER_OWN_LIMITS, System::nanoTime);
        this.withOwnLimits = new KeysWithOwnLimits(this::keysWithOwnLimits, REMEMBER_OWN_LIMITS, System::nanoTime);
    }

    @Override
    public Admission admit(ApiKeyId key, RateLimits defaults, Instant now, Duration staleAfter) {
        RateLimits limits = withOwnLimits.mayHave(key) ? remembered.of(key).orElse(defaults) : defaults;
        Instant window = now.truncatedTo(ChronoUnit.MINUTES);
        if (limits.isUnlimited()) {
            // Nothing to count: no transaction, and finish() has no ticket to end.
            return new Admission.Admitted(key, "", window);
        }
        return tx.execute(status -> {
            UUID id = key.value();
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")
                    .params(id.toString())
                    .query((rs, n) -> 1)
                    .list();
            Duration untilNextMinute = Duration.between(now, window.plus(1, ChronoUnit.MINUTES));
            if (limits.maxConcurrent().isPresent()) {
                Integer inFlight = jdbc.sql(
                                "SELECT count(*) FROM key_requests_in_flight WHERE key_id = ? AND started_at > ?")
                        .params(id, Timestamp.from(now.minus(staleAfter)))
                        .query(Integer.class)
                        .single();
                int max = limits.maxConcurrent().getAsInt();
                if (inFlight != null && inFlight >= max) {
                    return new Admission.Limited(LimitKind.CONCURRENT_REQUESTS, max, Duration.ofSeconds(1));
                }
            }
            List<long[]> counts = jdbc.sql(
                            "SELECT requests, tokens FROM key_rate_windows WHERE key_id = ? AND window_start = ?")
                    .params(id, Timestamp.from(window))
                    .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                    .list();
            long requests = counts.isEmpty() ? 0 : counts.getFirst()[0];
            long tokens = counts.isEmpty() ? 0 : counts.getFirst()[1];
            if (limits.requestsPerMinute().isPresent()
                    && requests >= limits.requestsPerMinute().getAsInt()) {
                return new Admission.Limited(
                        LimitKind.REQUESTS_PER_MINUTE,
                        limits.requestsPerMinute().getAsInt(),
                        untilNextMinute);
            }
            if (limits.tokensPerMinute().isPresent()
                    && tokens >= limits.tokensPerMinute().getAsLong()) {
                return new Admission.Limited(
                        LimitKind.TOKENS_PER_MINUTE, limits.tokensPerMinute().getAsLong(), untilNextMinute);
            }
            jdbc.sql(
                            "INSERT INTO key_rate_windows (key_id, window_start, requests, tokens) VALUES (?, ?, 1, 0)"
                                    + " ON CONFLICT (key_id, window_start) DO UPDATE SET requests = key_rate_windows.requests + 1")
                    .params(id, Timestamp.from(window))
                    .update();
            jdbc.sql("DELETE FROM key_rate_windows WHERE key_id = ? AND window_start < ?")
                    .params(id, Timestamp.from(window.minus(1, ChronoUnit.MINUTES)))
                    .update();
            UUID ticket = UUID.randomUUID();
            if (limits.maxConcurrent().isPresent()) {
                jdbc.sql("INSERT INTO key_requests_in_flight (id, key_id, started_at) VALUES (?, ?, ?)")
                        .params(ticket, id, Timestamp.from(now))
                        .update();
                jdbc.sql("DELETE FROM key_requests_in_flight WHERE key_id = ? AND started_at <= ?")
                        .params(id, Timestamp.from(now.minus(staleAfter)))
                        .update();
            }
            return new Admission.Admitted(key, ticket.toString(), window);
        });
    }

    @Override
    public void finish(Admission.Admitted admitted, long tokens) {
        if (admitted.ticket().isEmpty()) {
            return;
        }
        tx.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM key_requests_in_flight WHERE id = ?")
                    .params(UUID.fromString(admitted.ticket()))
                    .update();
            if (tokens > 0) {
                jdbc.sql("UPDATE key_rate_windows SET tokens = tokens + ? WHERE key_id = ? AND window_start = ?")
                        .params(tokens, admitted.key().value(), Timestamp.from(admitted.window()))
                        .update();
            }
        });
    }

    @Override
    public void setLimits(ApiKeyId key, RateLimits limits) {
        jdbc.sql("INSERT INTO key_rate_limits (key_id, requests_per_minute, tokens_per_minute, max_concurrent)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (key_id) DO UPDATE SET"
                        + " requests_per_minute = EXCLUDED.requests_per_minute,"
                        + " tokens_per_minute = EXCLUDED.tokens_per_minute, max_concurrent = EXCLUDED.max_concurrent")
                .params(
                        key.value(),
                        limits.requestsPerMinute().isPresent()
                                ? limits.requestsPerMinute().getAsInt()
                                : null,
                        limits.tokensPerMinute().isPresent()
                                ? limits.tokensPerMinute().getAsLong()
                                : null,
                        limits.maxConcurrent().isPresent()
                                ? limits.maxConcurrent().getAsInt()
                                : null)
                .update();
        // Forgotten after the write, not before: a request reading the limits in between would otherwise remember the
        // old ones for the whole memory time.
        remembered.forget(key);
        withOwnLimits.added(key);
    }

    private Optional<Set<ApiKeyId>> keysWithOwnLimits() {
        List<UUID> ids = jdbc.sql("SELECT key_id FROM key_rate_limits LIMIT ?")
                .params(MAX_LISTED + 1)
                .query(UUID.class)
                .list();
        if (ids.size() > MAX_LISTED) {
            return Optional.empty();
        }
        return Optional.of(ids.stream().map(ApiKeyId::new).collect(Collectors.toUnmodifiableSet()));
    }

    private RateLimits ownLimits(ApiKeyId key) {
        List<RateLimits> rows = jdbc.sql(
                        "SELECT requests_per_minute, tokens_per_minute, max_concurrent FROM key_rate_limits WHERE key_id = ?")
                .params(key.value())
                .query((rs, n) -> {
                    int rpm = rs.getInt(1);
                    boolean rpmNull = rs.wasNull();
                    long tpm = rs.getLong(2);
                    boolean tpmNull = rs.wasNull();
                    int concurrent = rs.getInt(3);
                    boolean concurrentNull = rs.wasNull();
                    return new RateLimits(
                            rpmNull ? OptionalInt.empty() : OptionalInt.of(rpm),
                            tpmNull ? OptionalLong.empty() : OptionalLong.of(tpm),
                            concurrentNull ? OptionalInt.empty() : OptionalInt.of(concurrent));
                })
                .list();
        return rows.isEmpty() ? RateLimits.NONE : rows.getFirst();
    }
}

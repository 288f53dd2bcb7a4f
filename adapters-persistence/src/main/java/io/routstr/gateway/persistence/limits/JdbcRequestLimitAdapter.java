package io.routstr.gateway.persistence.limits;

import static io.routstr.gateway.persistence.TypedParameters.at;
import static io.routstr.gateway.persistence.TypedParameters.bigint;
import static io.routstr.gateway.persistence.TypedParameters.integer;

import io.routstr.gateway.application.port.out.RequestLimitPort;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.RateLimits;
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
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Per-key rate limits on PostgreSQL. An admission is one statement. A key limited per minute only (requests, tokens)
 * is counted in its minute's row by {@code count_request} (changelog 028), which checks the limits against the row's
 * latest version under its row lock, so concurrent admissions wait for each other only for that update. A key with a
 * concurrency limit goes through {@code admit_running_request} (changelog 029), which under a transaction-scoped
 * advisory lock on the key sums its requests in flight (a count per key and minute of admission, aged out with the
 * stale-reservation timeout) and reads its minute's row, and counts the request only if every limit allows. Either
 * way concurrent admissions on any number of instances never overshoot. A finish is one statement, and only where
 * there is something to finish (a request in flight, tokens a limit counts). No commit of theirs waits for the disk:
 * the counts move no money. A key without limits (own or the node's) opens no transaction: which keys have limits of
 * their own is listed once per {@link #REMEMBER_OWN_LIMITS} (a key off the list reads nothing), and a listed key's
 * limits are remembered for as long.
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

    /**
     * The ticket of an admission that its finish() must count: a request in flight in its minute, or tokens a limit
     * counts. The minute itself is the admission's window.
     */
    private static final String TO_FINISH = "counted";

    private final JdbcClient jdbc;
    private final RememberedLimits remembered;
    private final KeysWithOwnLimits withOwnLimits;

    JdbcRequestLimitAdapter(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        // Autocommitted: the functions leave their commit's flush to the next commit that waits, which must not be a
        // caller's transaction.
        requireNoTransaction();
        if (limits.maxConcurrent().isEmpty()) {
            return counted(key, limits, now, window);
        }
        Refusal refusal = jdbc.sql("SELECT refused_by, refusing_limit FROM admit_running_request(?, ?, ?, ?, ?, ?)")
                .params(
                        key.value(),
                        at(window),
                        at(now.minus(staleAfter)),
                        integer(limits.requestsPerMinute()),
                        bigint(limits.tokensPerMinute()),
                        integer(limits.maxConcurrent()))
                .query((rs, n) -> new Refusal(rs.getString(1), rs.getLong(2)))
                .single();
        return refusal.refusedBy() == null
                ? new Admission.Admitted(key, TO_FINISH, window)
                : refusal.asLimited(now, window);
    }

    /**
     * A key limited per minute only: counted in its minute's row without the key's lock ({@code count_request},
     * changelog 028). It has something to finish only when a limit counts its tokens; a key limited in requests alone
     * has nothing to finish.
     */
    private Admission counted(ApiKeyId key, RateLimits limits, Instant now, Instant window) {
        Refusal refusal = jdbc.sql("SELECT refused_by, refusing_limit FROM count_request(?, ?, ?, ?)")
                .params(key.value(), at(window), integer(limits.requestsPerMinute()), bigint(limits.tokensPerMinute()))
                .query((rs, n) -> new Refusal(rs.getString(1), rs.getLong(2)))
                .single();
        if (refusal.refusedBy() != null) {
            return refusal.asLimited(now, window);
        }
        return new Admission.Admitted(key, limits.tokensPerMinute().isPresent() ? TO_FINISH : "", window);
    }

    @Override
    public void finish(Admission.Admitted admitted, long tokens) {
        if (admitted.ticket().isEmpty()) {
            return;
        }
        requireNoTransaction();
        jdbc.sql("SELECT finish_running_request(?, ?, ?)")
                .params(admitted.key().value(), at(admitted.window()), tokens)
                .query((rs, n) -> 1)
                .list();
    }

    /** What the admission's function answers: the limit that refused the request, or nulls. */
    private record Refusal(String refusedBy, long limit) {

        Admission.Limited asLimited(Instant now, Instant window) {
            LimitKind kind = LimitKind.valueOf(refusedBy);
            Duration retryAfter = kind == LimitKind.CONCURRENT_REQUESTS
                    ? Duration.ofSeconds(1)
                    : Duration.between(now, window.plus(1, ChronoUnit.MINUTES));
            return new Admission.Limited(kind, limit, retryAfter);
        }
    }

    private static void requireNoTransaction() {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException(
                    "a request's admission and finish commit on their own, outside any transaction");
        }
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

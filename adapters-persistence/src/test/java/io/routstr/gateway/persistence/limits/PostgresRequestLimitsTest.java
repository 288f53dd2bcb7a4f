package io.routstr.gateway.persistence.limits;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.contract.RequestLimitContract;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.RequestLimitPort;
import io.routstr.gateway.application.port.out.RequestLimitPort.Admission;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.RateLimits;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@PostgresAdapterTest
class PostgresRequestLimitsTest extends RequestLimitContract {

    @Autowired
    RequestLimitPort limits;

    @Autowired
    ApiKeyPort apiKeys;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Override
    protected RequestLimitPort limits() {
        return limits;
    }

    @Override
    protected ApiKeyId existingKey() {
        return apiKeys.createIfAbsent(anApiKey().build()).id();
    }

    @Test
    void aMinutesFirstAdmissionPrunesTheKeysWindowsOlderThanTheMinuteBefore() {
        ApiKeyId key = existingKey();
        RateLimits perMinute = new RateLimits(OptionalInt.of(100), OptionalLong.empty(), OptionalInt.empty());
        Instant first = Instant.parse("2031-01-01T00:00:10Z");

        limits.admit(key, perMinute, first, Duration.ofMinutes(5));
        limits.admit(key, perMinute, first.plusSeconds(1), Duration.ofMinutes(5));
        limits.admit(key, perMinute, first.plusSeconds(60), Duration.ofMinutes(5));
        assertThat(windowsOf(key)).as("the minute before is kept").hasSize(2);
        limits.admit(key, perMinute, first.plusSeconds(120), Duration.ofMinutes(5));

        assertThat(windowsOf(key))
                .containsExactly(Instant.parse("2031-01-01T00:01:00Z"), Instant.parse("2031-01-01T00:02:00Z"));
    }

    @Test
    void aKeyLimitedInRequestsPerMinuteAloneHasNothingToFinish_oneLimitedInTokensHas() {
        RateLimits requestsOnly = new RateLimits(OptionalInt.of(100), OptionalLong.empty(), OptionalInt.empty());
        RateLimits tokensToo = new RateLimits(OptionalInt.of(100), OptionalLong.of(1_000), OptionalInt.empty());

        assertThat(limits.admit(existingKey(), requestsOnly, Instant.now(), Duration.ofMinutes(5)))
                .isInstanceOfSatisfying(
                        Admission.Admitted.class, a -> assertThat(a.ticket()).isEmpty());
        assertThat(limits.admit(existingKey(), tokensToo, Instant.now(), Duration.ofMinutes(5)))
                .isInstanceOfSatisfying(
                        Admission.Admitted.class, a -> assertThat(a.ticket()).isNotEmpty());
    }

    @Test
    void aRequestInFlightStopsCountingOnceItsMinuteIsOlderThanTheStaleTimeout_asWhenItsInstanceDied() {
        ApiKeyId key = existingKey();
        RateLimits oneAtATime = new RateLimits(OptionalInt.empty(), OptionalLong.empty(), OptionalInt.of(1));
        Instant admitted = Instant.parse("2032-01-01T00:00:30Z");
        Duration stale = Duration.ofMinutes(5);

        assertThat(limits.admit(key, oneAtATime, admitted, stale)).isInstanceOf(Admission.Admitted.class);
        assertThat(limits.admit(key, oneAtATime, admitted.plus(Duration.ofMinutes(4)), stale))
                .as("still in flight")
                .isInstanceOf(Admission.Limited.class);
        assertThat(limits.admit(key, oneAtATime, admitted.plus(Duration.ofMinutes(5)), stale))
                .as("its minute began more than five minutes before")
                .isInstanceOf(Admission.Admitted.class);
    }

    /**
     * A request of a key with a concurrency limit is counted in flight without locking its key's row, which the key's
     * settlements update meanwhile (only a minute's first request does, making the minute's window row, which refers
     * to the key). Until changelog 029 each such request was a row with a foreign key to the key: its
     * insert took the key's row FOR KEY SHARE, and beside a settlement's update in progress PostgreSQL recorded the two
     * in a new multixact (about 98,000 in 10 s of a pgbench of the two statements, at 7,434 transactions a second
     * against 9,908 without the key).
     */
    @Test
    void aRequestInFlightDoesNotLockItsKeysRow_whileASettlementUpdatesIt() throws Exception {
        ApiKeyId key = existingKey();
        RateLimits concurrencyLimit = new RateLimits(OptionalInt.empty(), OptionalLong.empty(), OptionalInt.of(100));
        Instant now = Instant.now();
        // The minute's first request makes its rows; the window's, once a minute, refers to the key.
        assertThat(limits.admit(key, concurrencyLimit, now, Duration.ofMinutes(5)))
                .isInstanceOf(Admission.Admitted.class);
        long before = multixactsMade();

        try (Connection settlement = dataSource.getConnection()) {
            settlement.setAutoCommit(false);
            try (PreparedStatement update =
                    settlement.prepareStatement("UPDATE api_keys SET balance_msats = balance_msats WHERE id = ?")) {
                update.setObject(1, key.value());
                update.executeUpdate();
            }
            assertThat(limits.admit(key, concurrencyLimit, now, Duration.ofMinutes(5)))
                    .isInstanceOf(Admission.Admitted.class);
            settlement.rollback();
        }

        assertThat(multixactsMade() - before).isZero();
    }

    /** How far the database's next multixact id is past its oldest: grows by one with each multixact made. */
    private long multixactsMade() {
        return jdbc.sql("SELECT mxid_age(datminmxid) FROM pg_database WHERE datname = current_database()")
                .query(Long.class)
                .single();
    }

    private List<Instant> windowsOf(ApiKeyId key) {
        return jdbc.sql("SELECT window_start FROM key_rate_windows WHERE key_id = ? ORDER BY window_start")
                .params(key.value())
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant())
                .list();
    }
}

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
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
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

    private List<Instant> windowsOf(ApiKeyId key) {
        return jdbc.sql("SELECT window_start FROM key_rate_windows WHERE key_id = ? ORDER BY window_start")
                .params(key.value())
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant())
                .list();
    }
}

package io.routstr.gateway.domain.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LimitResetPeriodTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void wireValuesParseCaseInsensitivelyAndAnythingElseIsManual() {
        assertThat(LimitResetPeriod.fromWire("Daily")).isEqualTo(LimitResetPeriod.DAILY);
        assertThat(LimitResetPeriod.fromWire("weekly")).isEqualTo(LimitResetPeriod.WEEKLY);
        assertThat(LimitResetPeriod.fromWire("monthly")).isEqualTo(LimitResetPeriod.MONTHLY);
        assertThat(LimitResetPeriod.fromWire("yearly")).isEqualTo(LimitResetPeriod.NEVER);
        assertThat(LimitResetPeriod.fromWire(null)).isEqualTo(LimitResetPeriod.NEVER);
        assertThat(LimitResetPeriod.DAILY.toWire()).contains("daily");
        assertThat(LimitResetPeriod.NEVER.toWire()).isEmpty();
    }

    @Test
    void aDailyLimitTurnsAtMidnight() {
        Instant evening = Instant.parse("2026-03-10T23:59:00Z");

        assertThat(LimitResetPeriod.DAILY.isDue(evening, Instant.parse("2026-03-10T23:59:59Z"), UTC))
                .isFalse();
        assertThat(LimitResetPeriod.DAILY.isDue(evening, Instant.parse("2026-03-11T00:00:00Z"), UTC))
                .isTrue();
        assertThat(LimitResetPeriod.DAILY.periodStart(evening, UTC)).contains(Instant.parse("2026-03-10T00:00:00Z"));
    }

    @Test
    void aWeeklyLimitTurnsOnMonday() {
        Instant sunday = Instant.parse("2026-03-15T10:00:00Z");

        assertThat(LimitResetPeriod.WEEKLY.isDue(sunday, Instant.parse("2026-03-15T23:00:00Z"), UTC))
                .isFalse();
        assertThat(LimitResetPeriod.WEEKLY.isDue(sunday, Instant.parse("2026-03-16T00:00:00Z"), UTC))
                .isTrue();
        assertThat(LimitResetPeriod.WEEKLY.periodStart(sunday, UTC)).contains(Instant.parse("2026-03-09T00:00:00Z"));
    }

    @Test
    void aMonthlyLimitTurnsOnTheFirst() {
        Instant end = Instant.parse("2026-02-28T12:00:00Z");

        assertThat(LimitResetPeriod.MONTHLY.isDue(end, Instant.parse("2026-03-01T00:00:00Z"), UTC))
                .isTrue();
        assertThat(LimitResetPeriod.MONTHLY.periodStart(end, UTC)).contains(Instant.parse("2026-02-01T00:00:00Z"));
    }

    @Test
    void aManualLimitNeverTurnsByItself() {
        assertThat(LimitResetPeriod.NEVER.isDue(null, Instant.now(), UTC)).isFalse();
        assertThat(LimitResetPeriod.NEVER.periodStart(Instant.now(), UTC)).isEmpty();
        assertThat(LimitResetPeriod.DAILY.isDue(null, Instant.now(), UTC)).isTrue();
    }
}

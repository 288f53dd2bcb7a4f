package io.routstr.gateway.rest.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.domain.admin.UsageBucket;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageChartTest {

    private static final Instant NOW = Instant.parse("2026-01-02T12:00:00Z");

    private static UsageBucket hoursAgo(int hours, long requests) {
        return new UsageBucket(NOW.minusSeconds(hours * 3600L), requests, 0, Msats.ZERO, Msats.ZERO, Msats.ZERO);
    }

    @Test
    void eachBarStandsInItsHoursSlot_soAnHourWithoutRequestsLeavesAGap() {
        var chart =
                AdminDashboardController.UsageChart.of(List.of(hoursAgo(23, 4), hoursAgo(1, 2), hoursAgo(0, 8)), NOW);

        assertThat(chart.bars())
                .extracting(AdminDashboardController.UsageChart.Bar::x)
                .containsExactly(2, 662, 692);
        assertThat(chart.bars())
                .extracting(AdminDashboardController.UsageChart.Bar::height)
                .containsExactly(70, 35, 140);
        assertThat(chart.max()).isEqualTo(8);
    }

    @Test
    void bucketsOutsideTheLastDayAreLeftOut() {
        var chart = AdminDashboardController.UsageChart.of(List.of(hoursAgo(24, 5), hoursAgo(-1, 5)), NOW);

        assertThat(chart.bars()).isEmpty();
    }
}

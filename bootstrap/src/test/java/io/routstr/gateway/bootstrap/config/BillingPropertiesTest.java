package io.routstr.gateway.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BillingPropertiesTest {

    private static BillingProperties with(Duration staleTimeout, Duration heartbeatInterval) {
        return new BillingProperties(
                1,
                staleTimeout,
                0,
                false,
                1,
                0,
                0,
                BigDecimal.ONE,
                ZoneOffset.UTC,
                500,
                Duration.ofSeconds(1800),
                heartbeatInterval,
                Duration.ofSeconds(5));
    }

    @Test
    void theDefaultsLeaveRoomForManyBeatsWithinTheStaleTimeout() {
        assertThatCode(() -> with(Duration.ofSeconds(300), Duration.ofSeconds(10)))
                .doesNotThrowAnyException();
        assertThatCode(() -> with(Duration.ofSeconds(30), Duration.ofSeconds(10)))
                .doesNotThrowAnyException();
    }

    @Test
    void aHeartbeatTooSlowForTheStaleTimeoutIsRefusedAtStartUp_orLiveRequestsWouldLoseTheirHolds() {
        assertThatThrownBy(() -> with(Duration.ofSeconds(20), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("INSTANCE_HEARTBEAT_INTERVAL_SECONDS");
    }
}

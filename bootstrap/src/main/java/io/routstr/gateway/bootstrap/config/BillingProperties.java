package io.routstr.gateway.bootstrap.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Billing settings, under Routstr's environment names: {@code MIN_REQUEST_MSAT}, {@code STALE_RESERVATION_TIMEOUT_SECONDS},
 * {@code CHILD_KEY_COST}, {@code FIXED_PRICING}, {@code FIXED_COST_PER_REQUEST}, {@code FIXED_PER_1K_INPUT_TOKENS},
 * {@code FIXED_PER_1K_OUTPUT_TOKENS}, {@code TOLERANCE_PERCENTAGE}, {@code MAX_REQUEST_LIFETIME_SECONDS}, and ours,
 * {@code INSTANCE_HEARTBEAT_INTERVAL_SECONDS}.
 */
@ConfigurationProperties("routstr.billing")
public record BillingProperties(
        @DefaultValue("1") long minRequestMsat,
        @DefaultValue("300s") Duration staleReservationTimeout,
        @DefaultValue("0") long childKeyCostMsats,
        @DefaultValue("false") boolean fixedPricing,
        @DefaultValue("1") long fixedCostPerRequestSats,
        @DefaultValue("0") long fixedPer1kInputTokensSats,
        @DefaultValue("0") long fixedPer1kOutputTokensSats,
        @DefaultValue("1.0") BigDecimal tolerancePercentage,
        @DefaultValue("UTC") ZoneId limitResetZone,
        @DefaultValue("500") int sweepBatchSize,
        @DefaultValue("1800s") Duration maxRequestLifetime,
        @DefaultValue("10s") Duration instanceHeartbeatInterval,
        @DefaultValue("5s") Duration standingHoldIdle) {

    public BillingProperties {
        // Several beats must fit in the stale timeout, or a live instance's requests would lose their holds.
        if (instanceHeartbeatInterval.multipliedBy(3).compareTo(staleReservationTimeout) > 0) {
            throw new IllegalArgumentException("INSTANCE_HEARTBEAT_INTERVAL_SECONDS (" + instanceHeartbeatInterval
                    + ") must be at most a third of STALE_RESERVATION_TIMEOUT_SECONDS (" + staleReservationTimeout
                    + ")");
        }
    }
}

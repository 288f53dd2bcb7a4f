package io.routstr.gateway.bootstrap.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The refund sweep: tokens older than {@code ttl} ({@code REFUND_SWEEP_TTL_SECONDS}; Routstr fixes 180 days) are
 * redeemed back every {@code interval} ({@code REFUND_SWEEP_INTERVAL_SECONDS}; Routstr: hourly), each under a claim of
 * {@code claimTimeout} ({@code REFUND_SWEEP_CLAIM_TIMEOUT_SECONDS}, Routstr's name).
 */
@ConfigurationProperties("routstr.sweep")
public record SweepProperties(
        @DefaultValue("15552000s") Duration ttl,
        @DefaultValue("3600s") Duration interval,
        @DefaultValue("900s") Duration claimTimeout,
        @DefaultValue("100") int batchSize) {}

package io.routstr.gateway.bootstrap.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Owner payouts under Routstr's names: {@code RECEIVE_LN_ADDRESS} (empty: no payouts), {@code PAYOUT_INTERVAL_SECONDS},
 * {@code MIN_PAYOUT_SAT} (paid only above it) and {@code MAX_PAYOUT_SAT} (the most per payout, Routstr §17), and this
 * node's {@code PAYOUT_LEASE_SECONDS}: how long one instance holds the job, longer than a melt may block.
 */
@ConfigurationProperties("routstr.payouts")
public record PayoutProperties(
        @DefaultValue("") String receiveLnAddress,
        @DefaultValue("900s") Duration interval,
        @DefaultValue("210") long minPayoutSat,
        @DefaultValue("250000") long maxPayoutSat,
        @DefaultValue("900s") Duration lease) {}

package io.routstr.gateway.bootstrap.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Refund settings, under Routstr's environment names: {@code REFUND_CLAIM_TIMEOUT_SECONDS} (an open refund claim older
 * than this is reconciled), {@code REFUND_RECONCILE_INTERVAL_SECONDS} (how often unfinished claims are looked up), and
 * this node's back-off for keys refunded at their {@code Key-Expiry-Time} whose refund fails
 * ({@code EXPIRED_KEY_REFUND_RETRY_SECONDS} doubling up to {@code EXPIRED_KEY_REFUND_RETRY_MAX_SECONDS}).
 */
@ConfigurationProperties("routstr.refunds")
public record RefundProperties(
        @DefaultValue("600s") Duration claimTimeout,
        @DefaultValue("60s") Duration reconcileInterval,
        @DefaultValue("100") int reconcileBatchSize,
        @DefaultValue("300s") Duration expiredKeyRetry,
        @DefaultValue("86400s") Duration expiredKeyRetryMax) {}

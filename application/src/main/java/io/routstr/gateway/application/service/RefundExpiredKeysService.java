package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.RefundBalanceCommand;
import io.routstr.gateway.application.port.in.key.RefundBalanceUseCase;
import io.routstr.gateway.application.port.in.key.RefundExpiredKeysUseCase;
import io.routstr.gateway.application.port.in.key.RefundOutcome;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.domain.key.ApiKey;
import java.time.Duration;
import java.time.Instant;

/**
 * Refunds each key whose refund time has passed to its refund address, through the ordinary refund (a durable claim
 * debited by compare-and-set), so a refund racing requests or another instance still pays once.
 *
 * <p>A key whose refund does not go through (dust, an unreachable address, a failing mint) is deferred, and each
 * failure doubles its wait: the wait is the time since the key fell due, between the policy's first and longest wait.
 * So keys that always fail never fill the batch and hold up the keys behind them.
 */
public record RefundExpiredKeysService(
        ApiKeyPort apiKeys, RefundBalanceUseCase refund, ClockPort clock, RefundPolicy policy)
        implements RefundExpiredKeysUseCase {

    private static final int BATCH = 50;

    @Override
    public int refundDueKeys() {
        int refunded = 0;
        for (ApiKey key : apiKeys.findDueForRefund(clock.now(), BATCH)) {
            RefundOutcome outcome;
            try {
                outcome = refund.refund(new RefundBalanceCommand(key.id()));
            } catch (RuntimeException e) {
                outcome = new RefundOutcome.PayoutFailed(e.toString(), false);
            }
            if (outcome instanceof RefundOutcome.Refunded) {
                refunded++;
            } else {
                defer(key);
            }
        }
        return refunded;
    }

    private void defer(ApiKey key) {
        Instant now = clock.now();
        Duration overdue = Duration.between(key.refundTarget().refundAfter(), now);
        Duration wait = overdue.compareTo(policy.expiredKeyRetry()) < 0
                ? policy.expiredKeyRetry()
                : overdue.compareTo(policy.expiredKeyRetryMax()) > 0 ? policy.expiredKeyRetryMax() : overdue;
        apiKeys.deferRefund(key.id(), now.plus(wait));
    }
}

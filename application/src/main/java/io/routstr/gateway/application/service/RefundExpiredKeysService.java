package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.RefundBalanceCommand;
import io.routstr.gateway.application.port.in.key.RefundBalanceUseCase;
import io.routstr.gateway.application.port.in.key.RefundExpiredKeysUseCase;
import io.routstr.gateway.application.port.in.key.RefundOutcome;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.domain.key.ApiKey;

/**
 * Refunds each key whose refund time has passed to its refund address, through the ordinary refund (debit first,
 * compare-and-set), so a refund racing requests or another instance still pays once.
 */
public final class RefundExpiredKeysService implements RefundExpiredKeysUseCase {

    private static final int BATCH = 50;

    private final ApiKeyPort apiKeys;
    private final RefundBalanceUseCase refund;
    private final ClockPort clock;

    public RefundExpiredKeysService(ApiKeyPort apiKeys, RefundBalanceUseCase refund, ClockPort clock) {
        this.apiKeys = apiKeys;
        this.refund = refund;
        this.clock = clock;
    }

    @Override
    public int refundDueKeys() {
        int refunded = 0;
        for (ApiKey key : apiKeys.findDueForRefund(clock.now(), BATCH)) {
            if (refund.refund(new RefundBalanceCommand(key.id())) instanceof RefundOutcome.Refunded) {
                refunded++;
            }
        }
        return refunded;
    }
}

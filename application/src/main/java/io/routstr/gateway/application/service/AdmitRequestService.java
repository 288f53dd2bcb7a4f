package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.billing.AdmitRequestUseCase;
import io.routstr.gateway.application.port.in.billing.ReserveOutcome;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.List;

/**
 * Refuses expired keys and keys at their spending limit from a snapshot, writing nothing. A limit whose period has
 * turned is left to the reservation, which starts it over before it holds anything. The balance is not checked here:
 * the reservation refuses it with the request's real maximum cost, which Routstr's clients read from the 402.
 */
public record AdmitRequestService(ApiKeyPort apiKeys, ClockPort clock, BillingPolicy policy)
        implements AdmitRequestUseCase {

    @Override
    public Admission admit(ApiKeyId keyId) {
        return apiKeys.findById(keyId)
                .map(this::admit)
                .orElseGet(() -> new Admission.Refused(new ReserveOutcome.UnknownKey()));
    }

    @Override
    public Admission admit(ApiKey key) {
        Instant now = clock.now();
        // A child is refused when its parent is: it spends the parent's balance.
        List<ApiKey> chain = key.parentId()
                .flatMap(apiKeys::findById)
                .map(parent -> List.of(key, parent))
                .orElse(List.of(key));
        for (ApiKey checked : chain) {
            if (checked.isExpired(now)) {
                return new Admission.Refused(
                        new ReserveOutcome.KeyExpired(checked.validUntil().orElseThrow()));
            }
        }
        // The least any request reserves: a key that cannot take even that on is at its limit.
        Msats least = policy.minimumReservation();
        for (ApiKey checked : chain) {
            if (!checked.limitAllows(least) && !limitStartsOver(checked, now)) {
                return new Admission.Refused(new ReserveOutcome.BalanceLimitExceeded(least));
            }
        }
        return new Admission.Admitted();
    }

    private boolean limitStartsOver(ApiKey key, Instant now) {
        return key.balanceLimit()
                .map(limit -> limit.resetPeriod().isDue(limit.lastResetAt(), now, clock.zone()))
                .orElse(false);
    }
}

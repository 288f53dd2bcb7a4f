package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.proxy.LimitRequestRateUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.RequestLimitPort;
import io.routstr.gateway.application.port.out.RequestLimitPort.Admission;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.RateLimits;
import java.time.Duration;
import java.util.Locale;

/**
 * Admits requests within per-key rate limits; the counting is the port's, shared through the database.
 *
 * @param defaults the node's limits for keys without their own
 * @param staleAfter how long an unfinished request counts as in flight (its instance may have died)
 */
public record LimitRequestRateService(
        RequestLimitPort limits, ClockPort clock, RateLimits defaults, Duration staleAfter)
        implements LimitRequestRateUseCase {

    @Override
    public RateDecision admit(ApiKeyId key) {
        return switch (limits.admit(key, defaults, clock.now(), staleAfter)) {
            case Admission.Admitted admitted ->
                new RateDecision.Admitted(admitted.key(), admitted.ticket(), admitted.window());
            case Admission.Limited limited ->
                new RateDecision.Limited(
                        limited.limit().name().toLowerCase(Locale.ROOT), limited.limitValue(), limited.retryAfter());
        };
    }

    @Override
    public void finish(RateDecision.Admitted admitted, long tokens) {
        limits.finish(new Admission.Admitted(admitted.key(), admitted.ticket(), admitted.window()), tokens);
    }
}

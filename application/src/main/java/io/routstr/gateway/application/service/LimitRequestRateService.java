package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.proxy.LimitRequestRateUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.RequestLimitPort;
import io.routstr.gateway.application.port.out.RequestLimitPort.Admission;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.RateLimits;
import java.time.Duration;
import java.util.Locale;

/** Admits requests within per-key rate limits; the counting is the port's, shared through the database. */
public final class LimitRequestRateService implements LimitRequestRateUseCase {

    private final RequestLimitPort limits;
    private final ClockPort clock;
    private final RateLimits defaults;
    private final Duration staleAfter;

    /**
     * @param defaults the node's limits for keys without their own
     * @param staleAfter how long an unfinished request counts as in flight (its instance may have died)
     */
    public LimitRequestRateService(RequestLimitPort limits, ClockPort clock, RateLimits defaults, Duration staleAfter) {
        this.limits = limits;
        this.clock = clock;
        this.defaults = defaults;
        this.staleAfter = staleAfter;
    }

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

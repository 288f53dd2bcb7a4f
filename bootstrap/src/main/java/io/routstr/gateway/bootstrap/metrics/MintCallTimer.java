package io.routstr.gateway.bootstrap.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.routstr.gateway.cashu.mint.MintCallObserver;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code routstr_mint_request_seconds}: every call to a mint by operation and outcome, the mint's own share of what a
 * paid request waits for (an X-Cashu request waits on its redemption's swap and, often, its change's). A mint the
 * node does not trust (a foreign token's, swapped over Lightning) is tagged {@code untrusted}, so that clients cannot
 * create series with made-up mint URLs.
 */
public final class MintCallTimer implements MintCallObserver {

    private final MeterRegistry registry;
    private final Set<MintUrl> trustedMints;
    private final Map<Series, Timer> timers = new ConcurrentHashMap<>();

    private record Series(String mint, Operation operation, Outcome outcome) {}

    public MintCallTimer(MeterRegistry registry, Set<MintUrl> trustedMints) {
        this.registry = registry;
        this.trustedMints = Set.copyOf(trustedMints);
    }

    @Override
    public void called(MintUrl mint, Operation operation, Outcome outcome, long nanos) {
        String tag = trustedMints.contains(mint) ? mint.value() : "untrusted";
        timers.computeIfAbsent(new Series(tag, operation, outcome), this::timer).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(Series series) {
        return Timer.builder("routstr.mint.request")
                .description("One call to a mint, from sending it to its answer read")
                .tags("mint", series.mint(), "operation", series.operation().tag())
                .tag("outcome", series.outcome().tag())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }
}

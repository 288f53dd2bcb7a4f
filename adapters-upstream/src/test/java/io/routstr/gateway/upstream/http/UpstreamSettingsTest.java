package io.routstr.gateway.upstream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Routstr's count of allowed failures expressed in the provider circuit's terms. */
class UpstreamSettingsTest {

    /** A breaker configured as the adapter configures each provider's. */
    private static CircuitBreaker breakerOf(UpstreamSettings settings) {
        return CircuitBreaker.of(
                "p",
                CircuitBreakerConfig.custom()
                        .failureRateThreshold(settings.failureRateThreshold())
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(settings.slidingWindowSize())
                        .minimumNumberOfCalls(settings.minimumCalls())
                        .waitDurationInOpenState(settings.openStateWait())
                        .build());
    }

    private static void fail(CircuitBreaker breaker) {
        breaker.onError(1, TimeUnit.MILLISECONDS, new IOException("upstream status 502"));
    }

    @Test
    void withThreeAllowedFailsTheCircuitOpensAtTheThirdFailureInARow() {
        CircuitBreaker breaker = breakerOf(UpstreamSettings.defaults().withAllowedFails(3));

        fail(breaker);
        fail(breaker);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        fail(breaker);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void aSuccessBetweenFailuresKeepsTheCircuitClosed() {
        CircuitBreaker breaker = breakerOf(UpstreamSettings.defaults().withAllowedFails(3));

        fail(breaker);
        fail(breaker);
        breaker.onSuccess(1, TimeUnit.MILLISECONDS);
        fail(breaker);
        fail(breaker);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void theOtherSettingsAreKept_andFewerThanOneAllowedFailIsRefused() {
        UpstreamSettings defaults = UpstreamSettings.defaults();
        UpstreamSettings counted = defaults.withAllowedFails(5);

        assertThat(counted.openStateWait()).isEqualTo(defaults.openStateWait());
        assertThat(counted.maxConcurrentCalls()).isEqualTo(defaults.maxConcurrentCalls());
        assertThat(counted.firstByteTimeout()).isEqualTo(defaults.firstByteTimeout());
        assertThatThrownBy(() -> defaults.withAllowedFails(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

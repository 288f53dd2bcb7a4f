package io.routstr.gateway.application.port.in.proxy;

import io.routstr.gateway.domain.key.ApiKeyId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Use case: keep a key within its requests per minute, tokens per minute and concurrent requests (its own limits,
 * else the node's), across every instance. Routstr has none (§14); other gateways' users ask for them most.
 */
public interface LimitRequestRateUseCase {

    RateDecision admit(ApiKeyId key);

    /** Ends an admitted request, counting the {@code tokens} it used. */
    void finish(RateDecision.Admitted admitted, long tokens);

    /** Whether a request may go ahead. */
    sealed interface RateDecision {
        record Admitted(ApiKeyId key, String ticket, Instant window) implements RateDecision {
            public Admitted {
                Objects.requireNonNull(key, "key");
                Objects.requireNonNull(ticket, "ticket");
                Objects.requireNonNull(window, "window");
            }
        }

        /** Refused: {@code limit} names the limit ({@code requests_per_minute}, …) of {@code value}. */
        record Limited(String limit, long value, Duration retryAfter) implements RateDecision {}
    }
}

package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.RateLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Port: per-key request-rate, token-rate and concurrency counters, shared by every gateway instance on the database
 * (a counter in one process would let {@code N} instances admit {@code N} times the limit).
 */
public interface RequestLimitPort {

    /**
     * Admits one request of {@code key} under its own limits, else {@code defaults}, counting it; or refuses it and
     * counts nothing. In-flight requests older than {@code staleAfter} are not counted (their instance died).
     */
    Admission admit(ApiKeyId key, RateLimits defaults, Instant now, Duration staleAfter);

    /**
     * Ends an admitted request, once: it no longer counts as in flight, and its {@code tokens} count in its minute.
     */
    void finish(Admission.Admitted admitted, long tokens);

    /** Stores {@code limits} as {@code key}'s own. */
    void setLimits(ApiKeyId key, RateLimits limits);

    /** What came of an admission. */
    sealed interface Admission {
        /**
         * Admitted in the minute {@code window}; {@code ticket} is what its {@link #finish} needs, empty when there is
         * nothing to finish (no limit counts its slot or its tokens).
         */
        record Admitted(ApiKeyId key, String ticket, Instant window) implements Admission {
            public Admitted {
                Objects.requireNonNull(key, "key");
                Objects.requireNonNull(ticket, "ticket");
                Objects.requireNonNull(window, "window");
            }
        }

        /** Refused by {@code limit}; worth retrying after {@code retryAfter}. */
        record Limited(LimitKind limit, long limitValue, Duration retryAfter) implements Admission {}
    }

    /** The limits a request can hit. */
    enum LimitKind {
        REQUESTS_PER_MINUTE,
        TOKENS_PER_MINUTE,
        CONCURRENT_REQUESTS
    }
}

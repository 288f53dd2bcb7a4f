package io.routstr.gateway.rest.limits;

import java.time.Duration;

/**
 * How large a request the node takes and how long it waits for it: its body at most {@code maxBodyBytes}
 * ({@code MAX_REQUEST_BODY_BYTES}, Routstr §17, 20 MiB by default), read within {@code bodyTimeout}
 * ({@code REQUEST_BODY_TIMEOUT_SECONDS}, 60 s by default). Larger bodies are answered 413 without being read whole;
 * slower ones 408.
 */
public record RequestLimits(long maxBodyBytes, Duration bodyTimeout) {

    /** Routstr's default: 20 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 20L * 1024 * 1024;

    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(60);

    public RequestLimits {
        if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("MAX_REQUEST_BODY_BYTES is between 1 and 2 GiB");
        }
        if (bodyTimeout.isZero() || bodyTimeout.isNegative() || bodyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("REQUEST_BODY_TIMEOUT_SECONDS is positive");
        }
    }

    public RequestLimits(long maxBodyBytes) {
        this(maxBodyBytes, DEFAULT_BODY_TIMEOUT);
    }

    public static RequestLimits defaults() {
        return new RequestLimits(DEFAULT_MAX_BODY_BYTES);
    }
}

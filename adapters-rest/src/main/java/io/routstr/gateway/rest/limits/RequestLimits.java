package io.routstr.gateway.rest.limits;

/**
 * How large a request the node takes: its body at most {@code maxBodyBytes} ({@code MAX_REQUEST_BODY_BYTES}, Routstr
 * §17, 20 MiB by default). Larger bodies are answered 413 without being read whole.
 */
public record RequestLimits(long maxBodyBytes) {

    /** Routstr's default: 20 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 20L * 1024 * 1024;

    public RequestLimits {
        if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("MAX_REQUEST_BODY_BYTES is between 1 and 2 GiB");
        }
    }

    public static RequestLimits defaults() {
        return new RequestLimits(DEFAULT_MAX_BODY_BYTES);
    }
}

package io.routstr.gateway.cashu.lnurl;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the LNURL-pay client: how long and how much it may read, and which destinations it may reach.
 *
 * @param connectTimeout limit for opening one TCP/TLS connection
 * @param totalTimeout limit for the whole resolution (pay request, redirects and callback together)
 * @param maxResponseBytes largest response body read; a bigger one is refused, not truncated
 * @param maxRedirects redirects followed per request, each re-checked against the destination rules
 * @param allowPrivateDestinations permit loopback, private and other non-public addresses (tests, LAN services)
 * @param allowHttp permit plain http, and build Lightning-address and {@code lnurlp://} URLs with http instead of
 *     https (tests, LAN services without TLS)
 */
public record LnurlPayConfig(
        Duration connectTimeout,
        Duration totalTimeout,
        int maxResponseBytes,
        int maxRedirects,
        boolean allowPrivateDestinations,
        boolean allowHttp) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** A pay request or invoice response is well under a kilobyte; 64 KiB leaves room for large metadata images. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

    public static final int DEFAULT_MAX_REDIRECTS = 3;

    public LnurlPayConfig {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(totalTimeout, "totalTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
        if (totalTimeout.isNegative() || totalTimeout.isZero()) {
            throw new IllegalArgumentException("totalTimeout must be positive: " + totalTimeout);
        }
        if (maxResponseBytes < 1) {
            throw new IllegalArgumentException("maxResponseBytes must be positive: " + maxResponseBytes);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects cannot be negative: " + maxRedirects);
        }
    }

    /** Production settings: 10 s timeouts, 64 KiB responses, 3 redirects, public https destinations only. */
    public static LnurlPayConfig defaults() {
        return new LnurlPayConfig(
                DEFAULT_TIMEOUT, DEFAULT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_REDIRECTS, false, false);
    }

    public LnurlPayConfig withAllowPrivateDestinations(boolean allow) {
        return new LnurlPayConfig(connectTimeout, totalTimeout, maxResponseBytes, maxRedirects, allow, allowHttp);
    }

    public LnurlPayConfig withAllowHttp(boolean allow) {
        return new LnurlPayConfig(
                connectTimeout, totalTimeout, maxResponseBytes, maxRedirects, allowPrivateDestinations, allow);
    }

    public LnurlPayConfig withTotalTimeout(Duration timeout) {
        return new LnurlPayConfig(
                connectTimeout, timeout, maxResponseBytes, maxRedirects, allowPrivateDestinations, allowHttp);
    }
}

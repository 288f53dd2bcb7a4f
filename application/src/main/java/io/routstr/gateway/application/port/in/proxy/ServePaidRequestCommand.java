package io.routstr.gateway.application.port.in.proxy;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Serve one request a client posted to {@code path} (below {@code /v1/}), paid by {@code credential}.
 *
 * @param body the request's body, read only once the caller is known and may make the request
 * @param headers the client's request headers (names in any case), passed on to the upstream as it allows; they
 *     carry {@code X-Routstr-Model-Path}, which pins the request to one route
 * @param refund the {@code Refund-LNURL} and {@code Key-Expiry-Time} headers, as sent
 */
public record ServePaidRequestCommand(
        PaymentCredential credential,
        ApiEndpoint endpoint,
        String path,
        BodySource body,
        Map<String, List<String>> headers,
        RefundHeaders refund) {

    public ServePaidRequestCommand {
        Components.requireNonNull(ServePaidRequestCommand.class, credential, endpoint, path, body, headers, refund);
        if (path.isBlank() || path.contains("..")) {
            throw new IllegalArgumentException("not a forwardable path: " + path);
        }
    }

    /** Reads the request's body once, when the use case asks for it. */
    @FunctionalInterface
    public interface BodySource {
        BodyRead read();
    }

    /** The request's body, as bytes the use case has parsed, or why it could not be read. */
    public sealed interface BodyRead {
        record Read(byte[] bytes) implements BodyRead {
            public Read {
                Objects.requireNonNull(bytes, "bytes");
            }
        }

        /** Longer than the node accepts ({@code limit} bytes). */
        record TooLarge(long limit) implements BodyRead {}

        /** Not received within the body timeout: the client trickled or stalled it. */
        record TimedOut() implements BodyRead {}

        /** The connection failed while the body was read. */
        record Unreadable() implements BodyRead {}
    }

    /**
     * {@code Refund-LNURL} and {@code Key-Expiry-Time} (Routstr §3.4), as the client sent them (blank counts as
     * absent); the use case validates them.
     */
    public record RefundHeaders(Optional<String> refundLnurl, Optional<String> keyExpiryTime) {

        public RefundHeaders {
            refundLnurl = refundLnurl.filter(value -> !value.isBlank());
            keyExpiryTime = keyExpiryTime.filter(value -> !value.isBlank());
        }

        public static RefundHeaders none() {
            return new RefundHeaders(Optional.empty(), Optional.empty());
        }

        public boolean present() {
            return refundLnurl.isPresent() || keyExpiryTime.isPresent();
        }
    }
}

package io.routstr.gateway.application.port.in.proxy;

import io.routstr.gateway.domain.key.ApiKeySecret;
import java.util.Objects;

/**
 * What a client pays a request with (Routstr §3.1–3.3): an {@code sk-} key's secret, a Cashu token as the bearer key
 * (redeemed once into its own key), or a Cashu token in {@code X-Cashu} that pays for this request alone and gets its
 * change back.
 */
public sealed interface PaymentCredential {

    /** An {@code sk-} key, looked up by its hash. */
    record ApiKey(ApiKeySecret secret) implements PaymentCredential {
        public ApiKey {
            Objects.requireNonNull(secret, "secret");
        }
    }

    /** A Cashu token sent as the bearer key: redeemed on first use, then the key it became. */
    record BearerToken(String token) implements PaymentCredential {
        public BearerToken {
            requireToken(token);
        }

        @Override
        public String toString() {
            return "BearerToken[redacted]";
        }
    }

    /** A Cashu token in {@code X-Cashu}: pays for one request; what is left comes back as change. */
    record XCashuToken(String token) implements PaymentCredential {
        public XCashuToken {
            requireToken(token);
        }

        @Override
        public String toString() {
            return "XCashuToken[redacted]";
        }
    }

    private static void requireToken(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("a token is not blank");
        }
    }
}

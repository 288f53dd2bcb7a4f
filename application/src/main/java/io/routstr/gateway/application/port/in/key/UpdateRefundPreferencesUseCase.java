package io.routstr.gateway.application.port.in.key;

import io.routstr.gateway.domain.key.ApiKeyId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Use case: remember where a key's balance should be refunded and when ({@code Refund-LNURL} and
 * {@code Key-Expiry-Time} request headers, Routstr §3.4). Routstr reads these headers case-sensitively from a
 * lower-cased map and so never stores them; this node honours them whatever their case.
 */
public interface UpdateRefundPreferencesUseCase {

    void update(RefundPreferences preferences);

    /** A Lightning address or LNURL to refund to, and optionally the time after which the key is refunded there. */
    record RefundPreferences(ApiKeyId keyId, String refundAddress, Optional<Instant> refundAfter) {

        public RefundPreferences {
            Objects.requireNonNull(keyId, "key id");
            Objects.requireNonNull(refundAfter, "refund after");
            if (refundAddress == null || refundAddress.isBlank() || refundAddress.length() > 1024) {
                throw new IllegalArgumentException("a refund address is 1 to 1024 characters");
            }
        }
    }
}

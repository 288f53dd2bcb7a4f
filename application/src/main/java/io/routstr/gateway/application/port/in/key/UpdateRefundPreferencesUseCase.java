package io.routstr.gateway.application.port.in.key;

import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.RefundAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Use case: remember where a key's balance should be refunded and when ({@code Refund-LNURL} and
 * {@code Key-Expiry-Time} request headers, Routstr §3.4). Routstr reads these headers case-sensitively from a
 * lower-cased map and so never stores them; this node honours them whatever their case, for a key's own owner only:
 * a child key changes nothing of its parent.
 */
public interface UpdateRefundPreferencesUseCase {

    Outcome update(RefundPreferences preferences);

    /** A Lightning address or LNURL to refund to, and optionally the time after which the key is refunded there. */
    record RefundPreferences(ApiKeyId keyId, RefundAddress refundAddress, Optional<Instant> refundAfter) {

        public RefundPreferences {
            Objects.requireNonNull(keyId, "key id");
            Objects.requireNonNull(refundAddress, "refund address");
            Objects.requireNonNull(refundAfter, "refund after");
        }
    }

    /** What came of an update; only {@link Stored} changed anything. */
    sealed interface Outcome {

        /** The key's refund address and time are the ones asked for (stored now, or already). */
        record Stored() implements Outcome {}

        /**
         * The key is a child: its balance is its parent's, and a child's holder may not say where the parent's money
         * goes nor when.
         */
        record ChildKey() implements Outcome {}

        record UnknownKey() implements Outcome {}
    }
}

package io.routstr.gateway.application.port.in.key;

import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKeyId;
import java.util.Objects;
import java.util.Optional;

/**
 * Refund the whole payable balance of key {@code keyId}; to {@code lightningAddress} when given (the refund body's
 * {@code lightning_address}), else where the key refunds to. With {@code changeOf}, the refund is the change of the
 * {@code X-Cashu} payment made with that token, and its completion records the change too.
 */
public record RefundBalanceCommand(
        ApiKeyId keyId, Optional<String> lightningAddress, Optional<TokenFingerprint> changeOf) {

    public RefundBalanceCommand {
        Objects.requireNonNull(keyId, "key id");
        Objects.requireNonNull(lightningAddress, "lightning address");
        Objects.requireNonNull(changeOf, "change of");
        lightningAddress = lightningAddress.map(String::strip).filter(a -> !a.isEmpty());
        if (changeOf.isPresent() && lightningAddress.isPresent()) {
            // An X-Cashu payment's change goes back as a token in the answer, never over Lightning.
            throw new IllegalArgumentException("the change of an X-Cashu payment is not paid over Lightning");
        }
    }

    public RefundBalanceCommand(ApiKeyId keyId, Optional<String> lightningAddress) {
        this(keyId, lightningAddress, Optional.empty());
    }

    public RefundBalanceCommand(ApiKeyId keyId) {
        this(keyId, Optional.empty(), Optional.empty());
    }

    /** The change of the {@code X-Cashu} payment made with the token of fingerprint {@code paidBy}, on its key. */
    public static RefundBalanceCommand changeOf(ApiKeyId keyId, TokenFingerprint paidBy) {
        return new RefundBalanceCommand(keyId, Optional.empty(), Optional.of(paidBy));
    }
}

package io.routstr.gateway.application.port.in.key;

import io.routstr.gateway.domain.key.ApiKeyId;
import java.util.Objects;
import java.util.Optional;

/**
 * Refund the whole payable balance of key {@code keyId}; to {@code lightningAddress} when given (the refund body's
 * {@code lightning_address}), else where the key refunds to.
 */
public record RefundBalanceCommand(ApiKeyId keyId, Optional<String> lightningAddress) {

    public RefundBalanceCommand {
        Objects.requireNonNull(keyId, "key id");
        Objects.requireNonNull(lightningAddress, "lightning address");
        lightningAddress = lightningAddress.map(String::strip).filter(a -> !a.isEmpty());
    }

    public RefundBalanceCommand(ApiKeyId keyId) {
        this(keyId, Optional.empty());
    }
}

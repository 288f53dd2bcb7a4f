package io.routstr.gateway.application.port.in.key;

import io.routstr.gateway.domain.key.ApiKeyId;
import java.util.Objects;

/** Refund the whole payable balance of key {@code keyId}. */
public record RefundBalanceCommand(ApiKeyId keyId) {

    public RefundBalanceCommand {
        Objects.requireNonNull(keyId, "key id");
    }
}

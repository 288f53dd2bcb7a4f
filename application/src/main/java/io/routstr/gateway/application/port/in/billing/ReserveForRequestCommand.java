package io.routstr.gateway.application.port.in.billing;

import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.money.Msats;
import java.util.Objects;

/** Reserve {@code maxCost} for one request made with key {@code keyId}. */
public record ReserveForRequestCommand(ApiKeyId keyId, Msats maxCost) {

    public ReserveForRequestCommand {
        Objects.requireNonNull(keyId, "key id");
        Objects.requireNonNull(maxCost, "max cost");
    }
}

package io.routstr.gateway.application.port.in.billing;

import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.money.Msats;
import java.util.Objects;
import java.util.Optional;

/** Reserve {@code maxCost} for one request made with key {@code keyId}. */
public record ReserveForRequestCommand(ApiKeyId keyId, Msats maxCost, Optional<ApiKey> snapshot) {

    public ReserveForRequestCommand {
        Objects.requireNonNull(keyId, "key id");
        Objects.requireNonNull(maxCost, "max cost");
        Objects.requireNonNull(snapshot, "snapshot");
        if (snapshot.isPresent() && !snapshot.get().id().equals(keyId)) {
            throw new IllegalArgumentException("the snapshot is of another key");
        }
    }

    public ReserveForRequestCommand(ApiKeyId keyId, Msats maxCost) {
        this(keyId, maxCost, Optional.empty());
    }

    /**
     * Reserve for a key its caller has just loaded (authenticating the request): the reservation takes its expiry and
     * limit period from this snapshot instead of reading the key again. The hold itself is still one conditional
     * {@code UPDATE} on the key's current balance.
     */
    public static ReserveForRequestCommand forKey(ApiKey key, Msats maxCost) {
        return new ReserveForRequestCommand(key.id(), maxCost, Optional.of(key));
    }
}

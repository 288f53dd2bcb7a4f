package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.NostrKeyStorePort;
import java.util.Optional;

/** {@link NostrKeyStorePort} in memory. */
public final class InMemoryNostrKeyStore implements NostrKeyStorePort {

    private String secretKeyHex;

    @Override
    public synchronized Optional<String> load() {
        return Optional.ofNullable(secretKeyHex);
    }

    @Override
    public synchronized String storeIfAbsent(String secretKeyHex) {
        if (this.secretKeyHex == null) {
            this.secretKeyHex = secretKeyHex;
        }
        return this.secretKeyHex;
    }
}

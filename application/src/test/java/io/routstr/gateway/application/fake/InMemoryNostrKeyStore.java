package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.NostrKeyStorePort;
import java.util.Optional;

/** {@link NostrKeyStorePort} in memory. */
public final class InMemoryNostrKeyStore implements NostrKeyStorePort {

    private String secretKeyHex;
    private boolean chosen;

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

    @Override
    public synchronized Optional<String> chosenByOperator() {
        return chosen ? Optional.of(secretKeyHex) : Optional.empty();
    }

    @Override
    public synchronized void replace(String secretKeyHex) {
        this.secretKeyHex = secretKeyHex;
        this.chosen = true;
    }

    @Override
    public synchronized void forget() {
        this.secretKeyHex = null;
        this.chosen = false;
    }
}

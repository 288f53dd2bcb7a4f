package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.NostrKeyStoreContract;
import io.routstr.gateway.application.port.out.NostrKeyStorePort;

class InMemoryNostrKeyStoreTest extends NostrKeyStoreContract {

    private final InMemoryNostrKeyStore keys = new InMemoryNostrKeyStore();

    @Override
    protected NostrKeyStorePort keys() {
        return keys;
    }
}

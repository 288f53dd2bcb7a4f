package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.ProviderStoreContract;
import io.routstr.gateway.application.port.out.ProviderStorePort;

class InMemoryProvidersTest extends ProviderStoreContract {

    @Override
    protected ProviderStorePort emptyStore() {
        return new InMemoryProviders();
    }
}

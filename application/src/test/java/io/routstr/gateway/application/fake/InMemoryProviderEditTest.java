package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.ProviderEditContract;
import io.routstr.gateway.application.port.out.ProviderStorePort;
import io.routstr.gateway.application.port.out.admin.ProviderEditPort;

class InMemoryProviderEditTest extends ProviderEditContract {

    private InMemoryProviders providers;

    @Override
    protected ProviderStorePort emptyStore() {
        providers = new InMemoryProviders();
        return providers;
    }

    @Override
    protected ProviderEditPort edits() {
        return providers;
    }
}

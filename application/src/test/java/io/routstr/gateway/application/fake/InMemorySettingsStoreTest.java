package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.SettingsStoreContract;
import io.routstr.gateway.application.port.out.SettingsStorePort;

class InMemorySettingsStoreTest extends SettingsStoreContract {

    private final InMemorySettingsStore settings = new InMemorySettingsStore();

    @Override
    protected SettingsStorePort settings() {
        return settings;
    }
}

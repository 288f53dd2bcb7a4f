package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.PriceOverrideContract;
import io.routstr.gateway.application.port.out.PriceOverridePort;

class InMemoryPriceOverridesTest extends PriceOverrideContract {

    private final InMemoryPriceOverrides overrides = new InMemoryPriceOverrides();

    @Override
    protected PriceOverridePort overrides() {
        return overrides;
    }
}

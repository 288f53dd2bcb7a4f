package io.routstr.gateway.persistence.providers;

import io.routstr.gateway.application.contract.PriceOverrideContract;
import io.routstr.gateway.application.port.out.PriceOverridePort;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import org.springframework.beans.factory.annotation.Autowired;

@PostgresAdapterTest
class PostgresPriceOverridesTest extends PriceOverrideContract {

    @Autowired
    JdbcPriceOverrideAdapter adapter;

    @Override
    protected PriceOverridePort overrides() {
        return adapter;
    }
}

package io.routstr.gateway.persistence.providers;

import io.routstr.gateway.application.contract.ProviderEditContract;
import io.routstr.gateway.application.port.out.ProviderStorePort;
import io.routstr.gateway.application.port.out.admin.ProviderEditPort;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@PostgresAdapterTest
class PostgresProviderEditTest extends ProviderEditContract {

    @Autowired
    JdbcProviderStoreAdapter store;

    @Autowired
    JdbcProviderEditAdapter edits;

    @Autowired
    JdbcClient jdbc;

    @Override
    protected ProviderStorePort emptyStore() {
        jdbc.sql("DELETE FROM upstream_providers").update();
        return store;
    }

    @Override
    protected ProviderEditPort edits() {
        return edits;
    }
}

package io.routstr.gateway.persistence.admin;

import io.routstr.gateway.application.contract.SettingsStoreContract;
import io.routstr.gateway.application.port.out.SettingsStorePort;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@PostgresAdapterTest
class PostgresSettingsTest extends SettingsStoreContract {

    @Autowired
    JdbcSettingsAdapter adapter;

    @Autowired
    JdbcClient jdbc;

    @Override
    protected SettingsStorePort settings() {
        return adapter;
    }

    @AfterEach
    void forgetTheEdits() {
        jdbc.sql("DELETE FROM admin_settings").update();
    }
}

package io.routstr.gateway.persistence.admin;

import io.routstr.gateway.application.contract.AdminAccessContract;
import io.routstr.gateway.application.port.out.admin.AdminPasswordPort;
import io.routstr.gateway.application.port.out.admin.AdminSessionPort;
import io.routstr.gateway.application.port.out.admin.AdminTokenPort;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@PostgresAdapterTest
class PostgresAdminAccessTest extends AdminAccessContract {

    @Autowired
    JdbcAdminAccessAdapter access;

    @Autowired
    JdbcClient jdbc;

    @Override
    protected void empty() {
        jdbc.sql("DELETE FROM admin_password").update();
        jdbc.sql("DELETE FROM admin_sessions").update();
        jdbc.sql("DELETE FROM admin_api_tokens").update();
    }

    @Override
    protected AdminPasswordPort passwords() {
        return access;
    }

    @Override
    protected AdminSessionPort sessions() {
        return access;
    }

    @Override
    protected AdminTokenPort tokens() {
        return access;
    }
}

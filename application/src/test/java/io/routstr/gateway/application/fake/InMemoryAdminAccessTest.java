package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.AdminAccessContract;
import io.routstr.gateway.application.port.out.admin.AdminPasswordPort;
import io.routstr.gateway.application.port.out.admin.AdminSessionPort;
import io.routstr.gateway.application.port.out.admin.AdminTokenPort;

class InMemoryAdminAccessTest extends AdminAccessContract {

    private InMemoryAdminAccess store;

    @Override
    protected void empty() {
        store = new InMemoryAdminAccess();
    }

    @Override
    protected AdminPasswordPort passwords() {
        return store;
    }

    @Override
    protected AdminSessionPort sessions() {
        return store;
    }

    @Override
    protected AdminTokenPort tokens() {
        return store;
    }
}

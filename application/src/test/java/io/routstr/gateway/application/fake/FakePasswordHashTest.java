package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.PasswordHashContract;
import io.routstr.gateway.application.port.out.admin.PasswordHashPort;

class FakePasswordHashTest extends PasswordHashContract {

    @Override
    protected PasswordHashPort hasher() {
        return new FakePasswordHash();
    }
}

package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.WorkAdmissionContract;
import io.routstr.gateway.application.port.out.WorkAdmissionPort;

class FakeWorkAdmissionTest extends WorkAdmissionContract {

    @Override
    protected WorkAdmissionPort withTurns(int turns) {
        return new FakeWorkAdmission(turns);
    }
}

package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.JobLeaseContract;
import io.routstr.gateway.application.port.out.JobLeasePort;

class InMemoryJobLeasesTest extends JobLeaseContract {

    @Override
    protected JobLeasePort leases() {
        return new InMemoryJobLeases();
    }
}

package io.routstr.gateway.persistence.payout;

import io.routstr.gateway.application.contract.JobLeaseContract;
import io.routstr.gateway.application.port.out.JobLeasePort;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import org.springframework.beans.factory.annotation.Autowired;

@PostgresAdapterTest
class PostgresJobLeasesTest extends JobLeaseContract {

    @Autowired
    JdbcJobLeaseAdapter leases;

    @Override
    protected JobLeasePort leases() {
        return leases;
    }
}

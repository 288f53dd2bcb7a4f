package io.routstr.gateway.persistence.payout;

import io.routstr.gateway.application.contract.OwnerPayoutContract;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.OwnerPayoutPort;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@PostgresAdapterTest
class PostgresOwnerPayoutsTest extends OwnerPayoutContract {

    @Autowired
    JdbcOwnerPayoutAdapter payouts;

    @Autowired
    LedgerPort ledger;

    @Autowired
    JdbcClient jdbc;

    @Override
    protected OwnerPayoutPort emptyPayouts() {
        jdbc.sql("DELETE FROM owner_payouts").update();
        return payouts;
    }

    @Override
    protected LedgerPort ledger() {
        return ledger;
    }
}

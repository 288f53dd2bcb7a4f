package io.routstr.gateway.persistence.admin;

import io.routstr.gateway.application.contract.OwnerWithdrawalContract;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.admin.OwnerWithdrawalPort;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@PostgresAdapterTest
class PostgresOwnerWithdrawalsTest extends OwnerWithdrawalContract {

    @Autowired
    JdbcOwnerWithdrawalAdapter withdrawals;

    @Autowired
    LedgerPort ledger;

    @Autowired
    JdbcClient jdbc;

    @Override
    protected OwnerWithdrawalPort emptyWithdrawals() {
        jdbc.sql("DELETE FROM admin_withdrawals").update();
        return withdrawals;
    }

    @Override
    protected LedgerPort ledger() {
        return ledger;
    }
}

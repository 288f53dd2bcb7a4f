package io.routstr.gateway.persistence.accounts;

import io.routstr.gateway.application.contract.AccountsContract;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.InstanceHeartbeatPort;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import org.springframework.beans.factory.annotation.Autowired;

@PostgresAdapterTest
class PostgresAccountsTest extends AccountsContract {

    @Autowired
    JpaAccountsAdapter adapter;

    @Override
    protected ApiKeyPort apiKeys() {
        return adapter;
    }

    @Override
    protected BalancePort balances() {
        return adapter;
    }

    @Override
    protected InstanceHeartbeatPort heartbeats() {
        return adapter;
    }

    @Override
    protected LedgerPort ledger() {
        return adapter;
    }
}

package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.AccountsContract;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.InstanceHeartbeatPort;
import io.routstr.gateway.application.port.out.LedgerPort;

class InMemoryAccountsTest extends AccountsContract {

    private final InMemoryAccounts accounts = new InMemoryAccounts();

    @Override
    protected ApiKeyPort apiKeys() {
        return accounts;
    }

    @Override
    protected BalancePort balances() {
        return accounts;
    }

    @Override
    protected InstanceHeartbeatPort heartbeats() {
        return accounts;
    }

    @Override
    protected LedgerPort ledger() {
        return accounts;
    }
}

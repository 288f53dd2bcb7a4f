package io.routstr.gateway.persistence.accounts;

import io.routstr.gateway.application.contract.AccountsContract;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.InstanceHeartbeatPort;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.persistence.PersistenceTestApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = PersistenceTestApplication.class)
class PostgresAccountsTest extends AccountsContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PersistenceTestApplication.registerDatabase(registry);
    }

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

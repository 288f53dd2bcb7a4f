package io.routstr.gateway.persistence.wallet;

import io.routstr.gateway.application.contract.WalletJournalContract;
import io.routstr.gateway.application.port.out.WalletJournalPort;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import org.springframework.beans.factory.annotation.Autowired;

@PostgresAdapterTest
class PostgresWalletJournalTest extends WalletJournalContract {

    @Autowired
    JdbcWalletJournalAdapter adapter;

    @Override
    protected WalletJournalPort journal() {
        return adapter;
    }
}

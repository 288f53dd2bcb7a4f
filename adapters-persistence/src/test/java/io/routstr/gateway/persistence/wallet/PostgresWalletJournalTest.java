package io.routstr.gateway.persistence.wallet;

import io.routstr.gateway.application.contract.WalletJournalContract;
import io.routstr.gateway.application.port.out.WalletJournalPort;
import io.routstr.gateway.persistence.PersistenceTestApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = PersistenceTestApplication.class)
class PostgresWalletJournalTest extends WalletJournalContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PersistenceTestApplication.registerDatabase(registry);
    }

    @Autowired
    JdbcWalletJournalAdapter adapter;

    @Override
    protected WalletJournalPort journal() {
        return adapter;
    }
}

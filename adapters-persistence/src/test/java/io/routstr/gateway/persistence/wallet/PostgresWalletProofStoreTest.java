package io.routstr.gateway.persistence.wallet;

import io.routstr.gateway.application.contract.WalletProofStoreContract;
import io.routstr.gateway.application.port.out.WalletProofStorePort;
import io.routstr.gateway.persistence.PersistenceTestApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = PersistenceTestApplication.class)
class PostgresWalletProofStoreTest extends WalletProofStoreContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PersistenceTestApplication.registerDatabase(registry);
    }

    @Autowired
    JdbcWalletProofStoreAdapter adapter;

    @Override
    protected WalletProofStorePort store() {
        return adapter;
    }
}

package io.routstr.gateway.persistence.wallet;

import io.routstr.gateway.application.contract.WalletProofStoreContract;
import io.routstr.gateway.application.port.out.WalletProofStorePort;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import org.springframework.beans.factory.annotation.Autowired;

@PostgresAdapterTest
class PostgresWalletProofStoreTest extends WalletProofStoreContract {

    @Autowired
    JdbcWalletAdapter adapter;

    @Override
    protected WalletProofStorePort store() {
        return adapter;
    }
}

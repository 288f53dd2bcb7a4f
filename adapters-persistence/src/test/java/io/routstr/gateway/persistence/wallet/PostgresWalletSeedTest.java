package io.routstr.gateway.persistence.wallet;

import io.routstr.gateway.application.contract.WalletSeedContract;
import io.routstr.gateway.application.port.out.WalletSeedPort;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import org.springframework.beans.factory.annotation.Autowired;

@PostgresAdapterTest
class PostgresWalletSeedTest extends WalletSeedContract {

    @Autowired
    JdbcWalletAdapter adapter;

    @Override
    protected WalletSeedPort seeds() {
        return adapter;
    }
}

package io.routstr.gateway.persistence.wallet;

import io.routstr.gateway.application.contract.SwapJournalContract;
import io.routstr.gateway.application.port.out.SwapJournalPort;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import org.springframework.beans.factory.annotation.Autowired;

@PostgresAdapterTest
class PostgresSwapJournalTest extends SwapJournalContract {

    @Autowired
    JdbcSwapJournalAdapter swaps;

    @Override
    protected SwapJournalPort swaps() {
        return swaps;
    }
}

package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.SwapJournalContract;
import io.routstr.gateway.application.port.out.SwapJournalPort;

class InMemorySwapJournalTest extends SwapJournalContract {

    @Override
    protected SwapJournalPort swaps() {
        return new InMemorySwapJournal();
    }
}

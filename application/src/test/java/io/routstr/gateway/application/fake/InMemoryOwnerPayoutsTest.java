package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.OwnerPayoutContract;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.OwnerPayoutPort;

class InMemoryOwnerPayoutsTest extends OwnerPayoutContract {

    private final InMemoryAccounts ledger = new InMemoryAccounts();

    @Override
    protected OwnerPayoutPort emptyPayouts() {
        return new InMemoryOwnerPayouts(ledger);
    }

    @Override
    protected LedgerPort ledger() {
        return ledger;
    }
}

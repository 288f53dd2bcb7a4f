package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.OwnerWithdrawalContract;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.admin.OwnerWithdrawalPort;

class InMemoryOwnerWithdrawalsTest extends OwnerWithdrawalContract {

    private final InMemoryAccounts ledger = new InMemoryAccounts();

    @Override
    protected OwnerWithdrawalPort emptyWithdrawals() {
        return new InMemoryOwnerWithdrawals(ledger);
    }

    @Override
    protected LedgerPort ledger() {
        return ledger;
    }
}

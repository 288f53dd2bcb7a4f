package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.TokenKeyOpeningContract;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.TokenKeyOpeningPort;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort;

class InMemoryTokenKeyOpeningsTest extends TokenKeyOpeningContract {

    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryTokenRedemptions redemptions = new InMemoryTokenRedemptions();
    private final InMemoryEcashPayments payments = new InMemoryEcashPayments();
    private final InMemoryTokenKeyOpenings openings = new InMemoryTokenKeyOpenings(accounts, redemptions, payments);

    @Override
    protected TokenKeyOpeningPort openings() {
        return openings;
    }

    @Override
    protected ApiKeyPort apiKeys() {
        return accounts;
    }

    @Override
    protected LedgerPort ledger() {
        return accounts;
    }

    @Override
    protected TokenRedemptionLogPort redemptions() {
        return redemptions;
    }

    @Override
    protected EcashPaymentLogPort payments() {
        return payments;
    }
}

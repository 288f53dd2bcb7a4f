package io.routstr.gateway.persistence.accounts;

import io.routstr.gateway.application.contract.TokenKeyOpeningContract;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.TokenKeyOpeningPort;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import org.springframework.beans.factory.annotation.Autowired;

@PostgresAdapterTest
class PostgresTokenKeyOpeningTest extends TokenKeyOpeningContract {

    @Autowired
    JpaAccountsAdapter accounts;

    @Autowired
    TokenRedemptionLogPort redemptions;

    @Autowired
    EcashPaymentLogPort payments;

    @Override
    protected TokenKeyOpeningPort openings() {
        return accounts;
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

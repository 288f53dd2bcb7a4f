package io.routstr.gateway.persistence.accounts;

import io.routstr.gateway.application.contract.RefundClaimContract;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.RefundClaimPort;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import org.springframework.beans.factory.annotation.Autowired;

@PostgresAdapterTest
class PostgresRefundClaimsTest extends RefundClaimContract {

    @Autowired
    JdbcRefundClaimsAdapter claims;

    @Autowired
    JpaAccountsAdapter accounts;

    @Override
    protected RefundClaimPort claims() {
        return claims;
    }

    @Override
    protected ApiKeyPort apiKeys() {
        return accounts;
    }

    @Override
    protected BalancePort balances() {
        return accounts;
    }

    @Override
    protected LedgerPort ledger() {
        return accounts;
    }
}

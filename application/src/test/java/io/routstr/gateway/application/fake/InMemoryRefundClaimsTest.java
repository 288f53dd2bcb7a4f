package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.RefundClaimContract;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.RefundClaimPort;

class InMemoryRefundClaimsTest extends RefundClaimContract {

    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryEcashPayments payments = new InMemoryEcashPayments();
    private final InMemoryRefundClaims claims = new InMemoryRefundClaims(accounts, payments);

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

    @Override
    protected EcashPaymentLogPort payments() {
        return payments;
    }
}

package io.routstr.gateway.application.port.in.ledger;

import io.routstr.gateway.domain.ledger.LedgerBalanceReport;

/**
 * Use case: check that every msat in a balance is explained by the ledger
 * ({@code deposits = balances + charges + refunds and withdrawals}).
 */
public interface CheckLedgerInvariantUseCase {

    LedgerBalanceReport check();
}

package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.ledger.CheckLedgerInvariantUseCase;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.domain.ledger.LedgerBalanceReport;

/** Reads the ledger invariant from one consistent snapshot. */
public record CheckLedgerInvariantService(LedgerPort ledger) implements CheckLedgerInvariantUseCase {

    @Override
    public LedgerBalanceReport check() {
        return ledger.balanceReport();
    }
}

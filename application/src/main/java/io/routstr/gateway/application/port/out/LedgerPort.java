package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.ledger.LedgerBalanceReport;
import io.routstr.gateway.domain.ledger.LedgerEntry;
import java.util.List;

/** Port: reading the ledger of money movements. */
public interface LedgerPort {

    /** Totals per entry type and the sum of all balances, read in one consistent snapshot. */
    LedgerBalanceReport balanceReport();

    /** A key's entries, newest first. */
    List<LedgerEntry> entriesFor(ApiKeyId keyId, int limit);
}

package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.ledger.LedgerBalanceReport;
import io.routstr.gateway.domain.ledger.LedgerEntry;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.util.List;

/** Port: reading the ledger of money movements. */
public interface LedgerPort {

    /** Totals per entry type and the sum of all balances, read in one consistent snapshot. */
    LedgerBalanceReport balanceReport();

    /** A key's entries, newest first. */
    List<LedgerEntry> entriesFor(ApiKeyId keyId, int limit);

    /** Customer balances summed per mint and unit they are refunded in: what the wallet owes there. */
    List<Liability> liabilities();

    /** The sum of {@link #liabilities()} at {@code mint} in {@code unit}: what the wallet owes there. */
    default Msats owedAt(MintUrl mint, CurrencyUnit unit) {
        return liabilities().stream()
                .filter(l -> l.mint().equals(mint) && l.unit().equals(unit))
                .map(Liability::amount)
                .reduce(Msats.ZERO, Msats::plus);
    }

    /** What customers are owed at one mint, in one unit. */
    record Liability(MintUrl mint, CurrencyUnit unit, Msats amount) {}
}

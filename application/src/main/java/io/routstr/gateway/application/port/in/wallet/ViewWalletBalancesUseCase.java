package io.routstr.gateway.application.port.in.wallet;

import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.util.List;

/**
 * Use case: per mint and unit, the ecash the wallet holds, what customers are owed there, and the owner's funds (what
 * the operator may pay out) — the view payouts must respect so that customer money is never paid out as profit.
 */
public interface ViewWalletBalancesUseCase {

    List<MintBalance> balances();

    /**
     * One mint and unit. {@code liabilities} are customer balances refunded there; {@code ownerFunds} is what the proofs
     * hold beyond them, with liabilities rounded up to the unit (a fraction of a sat owed is a whole sat kept), and
     * negative when the wallet holds less than it owes.
     */
    record MintBalance(MintUrl mint, CurrencyUnit unit, long held, long pending, Msats liabilities, long ownerFunds) {}
}

package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.wallet.ViewWalletBalancesUseCase;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.LedgerPort.Liability;
import io.routstr.gateway.application.service.wallet.EcashWallet;
import io.routstr.gateway.application.service.wallet.EcashWallet.ProofBalance;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Joins the wallet's proofs with the ledger's liabilities per mint and unit. */
public record ViewWalletBalancesService(EcashWallet wallet, LedgerPort ledger) implements ViewWalletBalancesUseCase {

    private record Place(MintUrl mint, CurrencyUnit unit) {}

    @Override
    public List<MintBalance> balances() {
        Map<Place, long[]> held = new LinkedHashMap<>();
        for (ProofBalance proofs : wallet.balances()) {
            held.put(new Place(proofs.mint(), proofs.unit()), new long[] {proofs.held(), proofs.pending()});
        }
        Map<Place, Msats> owed = new LinkedHashMap<>();
        for (Liability liability : ledger.liabilities()) {
            owed.merge(new Place(liability.mint(), liability.unit()), liability.amount(), Msats::plus);
        }
        List<MintBalance> balances = new ArrayList<>();
        var places = new java.util.LinkedHashSet<Place>();
        places.addAll(held.keySet());
        places.addAll(owed.keySet());
        for (Place place : places) {
            long[] proofs = held.getOrDefault(place, new long[] {0, 0});
            Msats liabilities = owed.getOrDefault(place, Msats.ZERO);
            long owedInUnit = place.unit().isBitcoin() ? place.unit().fromMsatsCeil(liabilities) : 0;
            balances.add(new MintBalance(
                    place.mint(), place.unit(), proofs[0], proofs[1], liabilities, proofs[0] - owedInUnit));
        }
        return List.copyOf(balances);
    }
}

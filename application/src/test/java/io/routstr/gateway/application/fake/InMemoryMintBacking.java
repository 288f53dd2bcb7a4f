package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.MintBackingPort;
import io.routstr.gateway.application.port.out.WalletProofStorePort;
import io.routstr.gateway.application.port.out.WalletProofStorePort.Holding;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;

/** {@link MintBackingPort} over the in-memory proof store and ledger: the two reads the database makes as one. */
public record InMemoryMintBacking(WalletProofStorePort proofs, LedgerPort ledger) implements MintBackingPort {

    @Override
    public Backing backingAt(MintUrl mint, CurrencyUnit unit) {
        long unspent = 0;
        long pending = 0;
        for (Holding holding : proofs.holdings()) {
            if (holding.mint().equals(mint) && holding.unit().equals(unit)) {
                unspent = Math.addExact(unspent, holding.unspent());
                pending = Math.addExact(pending, holding.pending());
            }
        }
        return new Backing(unspent, pending, ledger.owedAt(mint, unit));
    }
}

package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.MintBackingContract;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.MintBackingPort;
import io.routstr.gateway.application.port.out.WalletProofStorePort;

class InMemoryMintBackingTest extends MintBackingContract {

    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryWalletProofStore proofs = new InMemoryWalletProofStore();
    private final InMemoryMintBacking backing = new InMemoryMintBacking(proofs, accounts);

    @Override
    protected MintBackingPort backing() {
        return backing;
    }

    @Override
    protected WalletProofStorePort proofs() {
        return proofs;
    }

    @Override
    protected ApiKeyPort apiKeys() {
        return accounts;
    }

    @Override
    protected BalancePort balances() {
        return accounts;
    }
}

package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.application.port.out.WalletCryptoPort;
import io.routstr.gateway.application.port.out.WalletCryptoPort.Seed;
import io.routstr.gateway.application.port.out.WalletSeedPort;
import java.util.Objects;

/**
 * The wallet's BIP39 mnemonic, created on first start. The seed store keeps it encrypted at rest with the node's
 * at-rest cipher and fails start-up loudly under a wrong node secret, instead of silently starting a second, empty
 * wallet.
 */
public final class SeedVault {

    private final WalletSeedPort store;
    private final WalletCryptoPort crypto;

    public SeedVault(WalletSeedPort store, WalletCryptoPort crypto) {
        this.store = Objects.requireNonNull(store, "store");
        this.crypto = Objects.requireNonNull(crypto, "crypto");
    }

    /** The stored mnemonic, creating and storing a fresh 24-word one if none exists yet. */
    public String mnemonic() {
        return store.load().orElseGet(() -> store.storeIfAbsent(crypto.newMnemonic()));
    }

    /** The NUT-13 seed of the stored mnemonic (no passphrase). */
    public Seed seed() {
        return crypto.seed(mnemonic());
    }
}

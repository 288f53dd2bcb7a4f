package io.routstr.gateway.cashu.wallet;

import io.routstr.gateway.application.port.out.WalletSeedPort;
import io.routstr.gateway.cashu.crypto.Bip39;
import io.routstr.gateway.cashu.crypto.WalletSeed;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The wallet's BIP39 mnemonic, created on first start. The seed store keeps it encrypted at rest with the node's
 * at-rest cipher and fails start-up loudly under a wrong node secret, instead of silently starting a second, empty
 * wallet.
 */
public final class SeedVault {

    private final WalletSeedPort store;
    private final SecureRandom random;

    public SeedVault(WalletSeedPort store, SecureRandom random) {
        this.store = Objects.requireNonNull(store, "store");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The stored mnemonic, creating and storing a fresh 24-word one if none exists yet. */
    public String mnemonic() {
        return store.load().orElseGet(() -> store.storeIfAbsent(Bip39.generate(random, 24)));
    }

    /** The NUT-13 seed of the stored mnemonic (no passphrase). */
    public WalletSeed seed() {
        return WalletSeed.fromMnemonic(mnemonic(), "");
    }
}

package io.routstr.gateway.application.port.out;

import java.util.Optional;

/**
 * Port: where the wallet keeps its seed, a BIP39 mnemonic. One seed per node, written once: every instance of the
 * node must derive the same NUT-13 secrets. The store keeps it encrypted at rest and fails loudly when it cannot read
 * what it holds (another node secret), so that no node ever starts a second, empty wallet. Never log a mnemonic.
 */
public interface WalletSeedPort {

    /** The stored mnemonic, if one was stored. */
    Optional<String> load();

    /** Stores {@code mnemonic} unless a seed exists; returns the mnemonic stored now, the caller's or the earlier one. */
    String storeIfAbsent(String mnemonic);
}

package io.routstr.gateway.application.port.out;

import java.util.Optional;

/**
 * Port: where the wallet keeps its seed, encrypted at rest by the wallet before it gets here. One seed per node,
 * written once: every instance of the node must derive the same NUT-13 secrets.
 */
public interface WalletSeedPort {

    Optional<byte[]> load();

    /** Stores {@code encryptedSeed} unless a seed exists; returns the seed stored now, the caller's or the earlier one. */
    byte[] storeIfAbsent(byte[] encryptedSeed);
}

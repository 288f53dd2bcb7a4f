package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.WalletSeedPort;
import java.util.Optional;

/** {@link WalletSeedPort} in memory. */
public final class InMemoryWalletSeed implements WalletSeedPort {

    private byte[] seed;

    @Override
    public synchronized Optional<byte[]> load() {
        return Optional.ofNullable(seed).map(byte[]::clone);
    }

    @Override
    public synchronized byte[] storeIfAbsent(byte[] encryptedSeed) {
        if (seed == null) {
            seed = encryptedSeed.clone();
        }
        return seed.clone();
    }
}

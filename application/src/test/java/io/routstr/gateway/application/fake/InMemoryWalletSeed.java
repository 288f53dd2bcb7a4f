package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.WalletSeedPort;
import java.util.Optional;

/** {@link WalletSeedPort} in memory. */
public final class InMemoryWalletSeed implements WalletSeedPort {

    private String mnemonic;

    @Override
    public synchronized Optional<String> load() {
        return Optional.ofNullable(mnemonic);
    }

    @Override
    public synchronized String storeIfAbsent(String mnemonic) {
        if (this.mnemonic == null) {
            this.mnemonic = mnemonic;
        }
        return this.mnemonic;
    }
}

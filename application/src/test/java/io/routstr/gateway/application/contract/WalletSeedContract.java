package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.WalletSeedPort;
import org.junit.jupiter.api.Test;

/** The contract of {@link WalletSeedPort}: every implementation, in memory or on PostgreSQL, must pass it. */
public abstract class WalletSeedContract {

    protected abstract WalletSeedPort seeds();

    @Test
    void theFirstSeedStored_isTheOnlyOne() {
        String stored = seeds().storeIfAbsent("first words of a mnemonic");

        assertThat(seeds().storeIfAbsent("second words of another mnemonic")).isEqualTo(stored);
        assertThat(seeds().load()).hasValue(stored);
    }
}

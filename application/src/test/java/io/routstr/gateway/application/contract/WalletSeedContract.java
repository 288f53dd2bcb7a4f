package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.WalletSeedPort;
import org.junit.jupiter.api.Test;

/** The contract of {@link WalletSeedPort}: every implementation, in memory or on PostgreSQL, must pass it. */
public abstract class WalletSeedContract {

    protected abstract WalletSeedPort seeds();

    @Test
    void theFirstSeedStored_isTheOnlyOne() {
        byte[] stored = seeds().storeIfAbsent(new byte[] {1, 2, 3});

        assertThat(seeds().storeIfAbsent(new byte[] {9, 9, 9})).isEqualTo(stored);
        assertThat(seeds().load()).hasValueSatisfying(seed -> assertThat(seed).isEqualTo(stored));
    }
}

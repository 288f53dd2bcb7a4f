package io.routstr.gateway.application.service.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.InMemoryWalletSeed;
import io.routstr.gateway.cashu.crypto.Bip39;
import io.routstr.gateway.cashu.crypto.CashuCryptoAdapter;
import io.routstr.gateway.cashu.crypto.WalletSeed;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The seed vault with the Cashu adapter's crypto: a real BIP39 mnemonic, created once and read back after. */
class SeedVaultTest {

    private final InMemoryWalletSeed store = new InMemoryWalletSeed();
    private final CashuCryptoAdapter crypto = new CashuCryptoAdapter(new SecureRandom());

    @Test
    void theFirstStart_createsAMnemonicThatLaterStartsReadBack() {
        String created = new SeedVault(store, crypto).mnemonic();

        assertThat(Bip39.isValid(created)).isTrue();
        assertThat(created.split(" ")).hasSize(24);
        assertThat(new SeedVault(store, crypto).mnemonic()).isEqualTo(created);
        assertThat(new SeedVault(store, crypto).seed().bytes())
                .isEqualTo(WalletSeed.fromMnemonic(created, "").bytes());
    }
}

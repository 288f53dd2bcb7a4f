package io.routstr.gateway.cashu.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.InMemoryWalletSeed;
import io.routstr.gateway.cashu.crypto.Bip39;
import io.routstr.gateway.cashu.crypto.WalletSeed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedVaultTest {

    private final InMemoryWalletSeed store = new InMemoryWalletSeed();

    @Test
    void theFirstStart_createsAMnemonicThatLaterStartsReadBack() {
        String created = new SeedVault(store, new SecureRandom()).mnemonic();

        assertThat(Bip39.isValid(created)).isTrue();
        assertThat(created.split(" ")).hasSize(24);
        assertThat(new SeedVault(store, new SecureRandom()).mnemonic()).isEqualTo(created);
        assertThat(new SeedVault(store, new SecureRandom()).seed()).isEqualTo(WalletSeed.fromMnemonic(created, ""));
    }

    @Test
    void aGeneratedKeyFile_isOwnerOnlyAndReusedOnTheNextStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/routstr_secret.key");
        String first = NodeSecretKey.resolveText("", file);

        assertThat(NodeSecretKey.resolveText(null, file)).isEqualTo(first);
        assertThat(Files.readString(file)).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }
}

package io.routstr.gateway.cashu.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.fake.InMemoryWalletSeed;
import io.routstr.gateway.cashu.crypto.Bip39;
import io.routstr.gateway.cashu.crypto.WalletSeed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedVaultTest {

    private final InMemoryWalletSeed store = new InMemoryWalletSeed();
    private final NodeSecretKey key = NodeSecretKey.of("a-node-secret-key-of-enough-length");

    @Test
    void theFirstStart_createsAMnemonicThatLaterStartsReadBack() {
        String created = new SeedVault(store, key, new SecureRandom()).mnemonic();

        assertThat(Bip39.isValid(created)).isTrue();
        assertThat(created.split(" ")).hasSize(24);
        assertThat(new SeedVault(store, key, new SecureRandom()).mnemonic()).isEqualTo(created);
        assertThat(new SeedVault(store, key, new SecureRandom()).seed())
                .isEqualTo(WalletSeed.fromMnemonic(created, ""));
    }

    @Test
    void theSeedIsStoredEncrypted() {
        String mnemonic = new SeedVault(store, key, new SecureRandom()).mnemonic();

        String stored = new String(store.load().orElseThrow(), StandardCharsets.ISO_8859_1);
        assertThat(stored).doesNotContain(mnemonic.split(" ")[0] + " " + mnemonic.split(" ")[1]);
    }

    @Test
    void anotherSecretKey_failsLoudlyInsteadOfStartingAnEmptyWallet() {
        new SeedVault(store, key, new SecureRandom()).mnemonic();
        SeedVault wrong = new SeedVault(store, NodeSecretKey.of("some-other-node-secret-key-0000"), new SecureRandom());

        assertThatThrownBy(wrong::mnemonic)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ROUTSTR_SECRET_KEY");
    }

    @Test
    void aGeneratedKeyFile_isOwnerOnlyAndReusedOnTheNextStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/routstr_secret.key");
        NodeSecretKey.resolve("", file);
        String first = Files.readString(file);

        NodeSecretKey.resolve(null, file);

        assertThat(Files.readString(file)).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        String mnemonic = new SeedVault(store, NodeSecretKey.resolve("", file), new SecureRandom()).mnemonic();
        assertThat(new SeedVault(store, NodeSecretKey.of(first), new SecureRandom()).mnemonic())
                .isEqualTo(mnemonic);
    }

    @Test
    void secretsNeverShowInToString() {
        assertThat(key.toString()).doesNotContain("secret-key");
    }
}

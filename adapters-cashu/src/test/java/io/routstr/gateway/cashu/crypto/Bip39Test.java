package io.routstr.gateway.cashu.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** BIP39 mnemonics; the expected values are from the BIP39 reference vectors (English, passphrase "TREZOR"). */
class Bip39Test {

    @Test
    void shipsTheOfficialEnglishWordList() throws Exception {
        String joined = String.join("\n", Bip39.wordList()) + "\n";
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));

        // SHA-256 of bip-0039/english.txt in bitcoin/bips.
        assertThat(HexFormat.of().formatHex(digest))
                .isEqualTo("2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda");
    }

    @Test
    void encodesZeroEntropyAsTheReferenceMnemonic() {
        String mnemonic = Bip39.fromEntropy(new byte[16]);

        assertThat(mnemonic)
                .isEqualTo("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"
                        + " abandon about");
    }

    @Test
    void encodesAllOnesEntropyAsTheReferenceMnemonic() {
        byte[] entropy = HexFormat.of().parseHex("ffffffffffffffffffffffffffffffff");

        assertThat(Bip39.fromEntropy(entropy)).isEqualTo("zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong");
    }

    @Test
    void derivesTheReferenceSeedWithPassphrase() {
        WalletSeed seed = WalletSeed.fromMnemonic(
                "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
                "TREZOR");

        assertThat(HexFormat.of().formatHex(seed.bytes()))
                .isEqualTo("c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e5349553"
                        + "1f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04");
    }

    @Test
    void recoversTheEntropyOfAGeneratedMnemonic() {
        SecureRandom random = new SecureRandom();
        for (int words : new int[] {12, 15, 18, 21, 24}) {
            String mnemonic = Bip39.generate(random, words);

            assertThat(mnemonic.split(" ")).hasSize(words);
            assertThat(Bip39.fromEntropy(Bip39.toEntropy(mnemonic))).isEqualTo(mnemonic);
        }
    }

    @Test
    void rejectsAMnemonicWithAWrongChecksum() {
        String wrong =
                "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon";

        assertThat(Bip39.isValid(wrong)).isFalse();
        assertThat(Bip39.isValid("half depart obvious quality work element tank gorilla view sugar picture humble"))
                .isTrue();
    }

    @Test
    void rejectsUnknownWords() {
        assertThatThrownBy(() -> Bip39.toEntropy(
                        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"
                                + " bitcoin"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("bitcoin");
    }
}

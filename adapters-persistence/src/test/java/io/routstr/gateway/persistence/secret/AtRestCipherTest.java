package io.routstr.gateway.persistence.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.persistence.secret.AtRestCipher.Purpose;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AtRestCipherTest {

    private static final byte[] PLAIN = "bearer value".getBytes(StandardCharsets.UTF_8);

    private final AtRestCipher cipher = AtRestCipher.fromNodeSecret("a-node-secret-of-enough-length");

    @Test
    void aSealedValue_opensUnderItsPurposeAndStartsWithTheVersion() {
        byte[] sealed = cipher.seal(Purpose.ECASH, PLAIN);

        assertThat(sealed[0]).isEqualTo(AtRestCipher.VERSION);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("bearer");
        assertThat(cipher.open(Purpose.ECASH, sealed)).isEqualTo(PLAIN);
    }

    @Test
    void aTextValue_isV2AndBase64_andOpensUnderItsPurposeOnly() {
        String sealed = cipher.sealText(Purpose.ECASH, "cashuBbearer");

        assertThat(sealed).startsWith("v2:").doesNotContain("cashu");
        assertThat(AtRestCipher.isSealedText(sealed)).isTrue();
        assertThat(AtRestCipher.isSealedText("cashuBbearer")).isFalse();
        assertThat(cipher.openText(Purpose.ECASH, sealed)).isEqualTo("cashuBbearer");
        assertThatThrownBy(() -> cipher.openText(Purpose.PROVIDER_SECRET, sealed))
                .isInstanceOf(AtRestCipher.WrongKeyException.class);
    }

    @Test
    void eachPurposeHasItsOwnKey_soAValueSealedForOneNeverOpensAsAnother() {
        byte[] seed = cipher.seal(Purpose.WALLET_SEED, PLAIN);

        assertThatThrownBy(() -> cipher.open(Purpose.PROVIDER_SECRET, seed))
                .isInstanceOf(AtRestCipher.WrongKeyException.class);
        assertThatThrownBy(() -> cipher.open(Purpose.ECASH, seed)).isInstanceOf(AtRestCipher.WrongKeyException.class);
    }

    @Test
    void anotherNodeSecret_cannotOpenIt_andSaysWhichSettingToCheck() {
        byte[] sealed = cipher.seal(Purpose.WALLET_SEED, PLAIN);
        AtRestCipher other = AtRestCipher.fromNodeSecret("another-node-secret-of-enough-length");

        assertThatThrownBy(() -> other.open(Purpose.WALLET_SEED, sealed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ROUTSTR_SECRET_KEY");
    }

    @Test
    void surroundingBlanksOfTheNodeSecretDoNotChangeTheKeys() {
        byte[] sealed = cipher.seal(Purpose.PROVIDER_SECRET, PLAIN);

        assertThat(AtRestCipher.fromNodeSecret("  a-node-secret-of-enough-length\n")
                        .open(Purpose.PROVIDER_SECRET, sealed))
                .isEqualTo(PLAIN);
    }

    @Test
    void keysAreDerivedWithHkdfSha256_asRfc5869TestCase1Shows() {
        HexFormat hex = HexFormat.of();
        byte[] okm = AtRestCipher.hkdf32(
                hex.parseHex("000102030405060708090a0b0c"),
                hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                hex.parseHex("f0f1f2f3f4f5f6f7f8f9"));

        // The first 32 of the 42 bytes RFC 5869 gives for its test case 1.
        assertThat(hex.formatHex(okm)).isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
    }

    @Test
    void aShortNodeSecret_isRefused() {
        assertThatThrownBy(() -> AtRestCipher.fromNodeSecret("too short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 characters");
    }

    @Test
    void theCipherNeverShowsItsKeys() {
        assertThat(cipher.toString()).doesNotContain("secret-of");
    }
}

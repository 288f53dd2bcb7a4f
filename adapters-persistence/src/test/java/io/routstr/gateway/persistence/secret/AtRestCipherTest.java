package io.routstr.gateway.persistence.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.persistence.secret.AtRestCipher.Purpose;
import java.nio.charset.StandardCharsets;
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

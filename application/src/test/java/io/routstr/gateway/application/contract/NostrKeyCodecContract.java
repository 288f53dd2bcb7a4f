package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.NostrKeyCodecPort;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link NostrKeyCodecPort}, for the fake and the NIP-19 adapter: a secret key written as
 * {@code nsec1…} or as 64 hex characters reads as its lower-case hex; anything that is not a valid secp256k1 secret
 * key reads as no key.
 */
public abstract class NostrKeyCodecContract {

    /** NIP-19's example: this nsec encodes {@link #HEX}. */
    protected static final String NSEC = "nsec1vl029mgpspedva04g90vltkh6fvh240zqtv9k0t9af8935ke9laqsnlfe5";

    protected static final String HEX = "67dea2ed018072d675f5415ecfaed7d2597555e202d85b3d65ea4e58d2d92ffa";

    /** The order of secp256k1: a secret key is a number from 1 to one less than this. */
    private static final String CURVE_ORDER = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

    /** A codec that reads {@link #NSEC} (the fake knows only the nsec keys it is given). */
    protected abstract NostrKeyCodecPort codec();

    @Test
    void anNsecReadsAsTheHexOfItsKey() {
        assertThat(codec().secretKeyHex(NSEC)).hasValue(HEX);
    }

    @Test
    void hexInEitherCaseReadsAsLowerCaseHex() {
        assertThat(codec().secretKeyHex(HEX)).hasValue(HEX);
        assertThat(codec().secretKeyHex(HEX.toUpperCase(Locale.ROOT))).hasValue(HEX);
    }

    @Test
    void aKeyPastedWithSurroundingWhitespaceReadsAsTheSameKey() {
        assertThat(codec().secretKeyHex(" " + NSEC + "\n")).hasValue(HEX);
        assertThat(codec().secretKeyHex("\t" + HEX + " ")).hasValue(HEX);
    }

    @Test
    void whatIsNotASecretKeyReadsAsNoKey() {
        NostrKeyCodecPort codec = codec();

        assertThat(codec.secretKeyHex("")).isEmpty();
        assertThat(codec.secretKeyHex("abc")).isEmpty();
        assertThat(codec.secretKeyHex("nsec1notakey")).isEmpty();
        assertThat(codec.secretKeyHex(HEX.substring(1))).isEmpty();
        assertThat(codec.secretKeyHex(HEX + "0")).isEmpty();
        assertThat(codec.secretKeyHex("g" + HEX.substring(1))).isEmpty();
    }

    @Test
    void aPublicKeyIsNoSecretKey() {
        assertThat(codec().secretKeyHex("npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6w6"))
                .isEmpty();
    }

    @Test
    void hexOutsideTheCurve_zeroOrFromTheCurveOrderUp_isNoKey() {
        NostrKeyCodecPort codec = codec();

        assertThat(codec.secretKeyHex("0".repeat(64))).isEmpty();
        assertThat(codec.secretKeyHex(CURVE_ORDER)).isEmpty();
        assertThat(codec.secretKeyHex("f".repeat(64))).isEmpty();
    }
}

package io.routstr.gateway.cashu.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Point and scalar encodings, including the NUT-01 keysets that wallets must reject. */
class CurvePointTest {

    @Test
    void rejectsTheNut01KeyThatIsMissingAByte() {
        String key = VectorFiles.rawKeys("nut01-invalid-short-key.json").get("1");

        assertThatThrownBy(() -> CurvePoint.fromHex(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsTheNut01KeyThatIsValidButUncompressed() {
        String key = VectorFiles.rawKeys("nut01-invalid-uncompressed-key.json").get("2");

        assertThatThrownBy(() -> CurvePoint.fromHex(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsTheNut01KeysetWhoseLargestAmountExceedsALong() {
        var keys = VectorFiles.keys("nut02-v1-keyset-000f01df73ea149a.json");

        assertThat(keys).containsKey(new BigInteger("9223372036854775808"));
    }

    @Test
    void rejectsAnXCoordinateThatIsNotOnTheCurve() {
        // x = 5 has no point on secp256k1 (y^2 = 132 is not a quadratic residue).
        String notOnCurve = "02" + "0".repeat(63) + "5";

        assertThatThrownBy(() -> CurvePoint.fromHex(notOnCurve)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundTripsCompressedHex() {
        String generator = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";

        assertThat(CurvePoint.fromHex(generator).toHex()).isEqualTo(generator);
        assertThat(Scalar.of(BigInteger.ONE).publicKey().toHex()).isEqualTo(generator);
    }

    @Test
    void scalarsOutsideTheGroupOrderAreRefused() {
        assertThatThrownBy(() -> Scalar.fromHex("0".repeat(64))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scalar.fromHex("f".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scalarsPadToThirtyTwoBytesAndNeverPrint() {
        Scalar two = Scalar.of(BigInteger.TWO);

        assertThat(two.toHex()).isEqualTo("0".repeat(63) + "2");
        assertThat(two.toString()).doesNotContain("2]").contains("redacted");
    }
}

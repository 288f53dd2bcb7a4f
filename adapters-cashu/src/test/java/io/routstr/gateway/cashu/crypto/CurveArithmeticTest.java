package io.routstr.gateway.cashu.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.util.Random;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * libsecp256k1 and BouncyCastle give the wallet the same points: random scalars and points through every operation,
 * and the edges where a result is the point at infinity or bytes name no point. The wallet's test vectors (NUT-00,
 * NUT-12, NUT-13) run on whichever arithmetic the process chose, libsecp256k1 on Linux.
 */
class CurveArithmeticTest {

    private static final CurveArithmetic JAVA = new BouncyCastleArithmetic();
    private static CurveArithmetic nativeArithmetic;

    @BeforeAll
    static void loadTheNativeBuild() {
        nativeArithmetic = LibSecp256k1Arithmetic.load().orElse(null);
    }

    @Test
    void theNativeBuildLoadsOnLinux_andIsWhatTheProcessUses() {
        assumeTrue(
                System.getProperty("os.name").toLowerCase().contains("linux"), "the binding ships Linux builds only");

        assertThat(nativeArithmetic).as("libsecp256k1 loaded").isNotNull();
        assertThat(Secp256k1.ARITHMETIC.name()).isEqualTo("libsecp256k1");
        assertThat(CashuCryptoAdapter.curveArithmetic()).isEqualTo("libsecp256k1");
    }

    @Test
    void settingNativeToFalseKeepsBouncyCastle_anythingElseTakesTheNativeBuildWhereItLoads() {
        assertThat(Secp256k1.chooseArithmetic("false").name()).isEqualTo("BouncyCastle");
        assertThat(Secp256k1.chooseArithmetic(" FALSE ").name()).isEqualTo("BouncyCastle");
        String expected = nativeArithmetic == null ? "BouncyCastle" : "libsecp256k1";
        assertThat(Secp256k1.chooseArithmetic(null).name()).isEqualTo(expected);
        assertThat(Secp256k1.chooseArithmetic("true").name()).isEqualTo(expected);
    }

    @Test
    void everyOperationGivesTheSamePointBothWays() {
        assumeNative();
        Random random = new Random(20261204);
        int xWithoutAPoint = 0;
        for (int i = 0; i < 200; i++) {
            BigInteger a = scalar(random);
            BigInteger b = scalar(random);
            ECPoint p = JAVA.timesG(scalar(random));
            ECPoint q = JAVA.timesG(scalar(random));

            assertSame(nativeArithmetic.timesG(a), JAVA.timesG(a));
            assertSame(nativeArithmetic.times(p, a), JAVA.times(p, a));
            assertSame(nativeArithmetic.plusTimesG(p, a), JAVA.plusTimesG(p, a));
            assertSame(nativeArithmetic.sumOfTwoMultiplies(p, a, q, b), JAVA.sumOfTwoMultiplies(p, a, q, b));
            assertSame(
                    nativeArithmetic.sumOfTwoMultiplies(Secp256k1.G, a, q, b),
                    JAVA.sumOfTwoMultiplies(Secp256k1.G, a, q, b));
            byte[] compressed = p.getEncoded(true);
            assertSame(nativeArithmetic.decodeCompressed(compressed), JAVA.decodeCompressed(compressed));

            // Hash-to-curve's candidates: about half of all x name no point, and both say which.
            byte[] x = new byte[32];
            random.nextBytes(x);
            ECPoint even = JAVA.evenPointAt(x);
            if (even == null) {
                xWithoutAPoint++;
                assertThat(nativeArithmetic.evenPointAt(x)).isNull();
            } else {
                assertSame(nativeArithmetic.evenPointAt(x), even);
                assertThat(even.getAffineYCoord().testBitZero()).as("even y").isFalse();
            }
        }
        assertThat(xWithoutAPoint).isBetween(60, 140);
    }

    @Test
    void scalarsAreTakenModN_bothWays() {
        assumeNative();
        BigInteger beyond = Secp256k1.N.add(BigInteger.valueOf(12345));
        ECPoint p = JAVA.timesG(BigInteger.valueOf(777));

        assertSame(nativeArithmetic.timesG(beyond), JAVA.timesG(BigInteger.valueOf(12345)));
        assertSame(nativeArithmetic.times(p, beyond), JAVA.times(p, beyond));
    }

    @Test
    void resultsAtInfinityAreInfinityBothWays() {
        assumeNative();
        BigInteger k = BigInteger.valueOf(424242);
        ECPoint p = JAVA.timesG(k);
        ECPoint minusP = p.negate().normalize();

        for (CurveArithmetic arithmetic : new CurveArithmetic[] {JAVA, nativeArithmetic}) {
            assertThat(arithmetic.timesG(BigInteger.ZERO).isInfinity())
                    .as(arithmetic.name())
                    .isTrue();
            assertThat(arithmetic.timesG(Secp256k1.N).isInfinity())
                    .as(arithmetic.name())
                    .isTrue();
            assertThat(arithmetic.times(p, BigInteger.ZERO).isInfinity())
                    .as(arithmetic.name())
                    .isTrue();
            assertThat(arithmetic.plusTimesG(minusP, k).isInfinity())
                    .as(arithmetic.name())
                    .isTrue();
            assertThat(arithmetic
                            .sumOfTwoMultiplies(p, BigInteger.ONE, minusP, BigInteger.ONE)
                            .isInfinity())
                    .as(arithmetic.name())
                    .isTrue();
            assertThat(arithmetic
                            .sumOfTwoMultiplies(p, BigInteger.ZERO, minusP, BigInteger.ZERO)
                            .isInfinity())
                    .as(arithmetic.name())
                    .isTrue();
            assertSame(arithmetic.plusTimesG(p, BigInteger.ZERO), p);
            assertSame(arithmetic.sumOfTwoMultiplies(p, BigInteger.ZERO, Secp256k1.G, k), p);
        }
    }

    @Test
    void bytesThatNameNoPointAreRefusedBothWays() {
        assumeNative();
        byte[] noPoint = new byte[33];
        noPoint[0] = 0x02;
        noPoint[32] = 5; // x = 5: 5³ + 7 = 132 is no square mod p.
        byte[] beyondTheField = new byte[33];
        java.util.Arrays.fill(beyondTheField, (byte) 0xff);
        beyondTheField[0] = 0x03;

        for (CurveArithmetic arithmetic : new CurveArithmetic[] {JAVA, nativeArithmetic}) {
            assertThatThrownBy(() -> arithmetic.decodeCompressed(noPoint))
                    .as(arithmetic.name())
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> arithmetic.decodeCompressed(beyondTheField))
                    .as(arithmetic.name())
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static void assumeNative() {
        assumeTrue(nativeArithmetic != null, "libsecp256k1 does not load on this platform");
    }

    private static void assertSame(ECPoint actual, ECPoint expected) {
        assertThat(actual.isInfinity()).isEqualTo(expected.isInfinity());
        if (!expected.isInfinity()) {
            assertThat(actual.getEncoded(false)).isEqualTo(expected.getEncoded(false));
            assertThat(actual.isValid()).isTrue();
        }
    }

    private static BigInteger scalar(Random random) {
        BigInteger value;
        do {
            value = new BigInteger(256, random);
        } while (value.signum() == 0 || value.compareTo(Secp256k1.N) >= 0);
        return value;
    }
}

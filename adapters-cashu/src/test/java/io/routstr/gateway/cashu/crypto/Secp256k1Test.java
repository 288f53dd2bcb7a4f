package io.routstr.gateway.cashu.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * The lift of an x-coordinate that {@code hash_to_curve} tries its candidates with: the point SEC1 decoding of
 * {@code 02 || x} gives, and none exactly where that decoding refuses, without an exception per refused candidate.
 */
class Secp256k1Test {

    @Test
    void liftsEveryXToThePointItsCompressedEncodingDecodesTo_andNoneWhereItDoesNotDecode() {
        Random random = new Random(20261202);
        int lifted = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] x = new byte[32];
            random.nextBytes(x);

            ECPoint point = Secp256k1.evenPointAt(x);

            ECPoint decoded = decodedOrNull(x);
            if (decoded == null) {
                assertThat(point).as("x %s has no point", Arrays.toString(x)).isNull();
            } else {
                assertThat(point).as("x %s", Arrays.toString(x)).isEqualTo(decoded);
                assertThat(point.isValid()).isTrue();
                assertThat(point.normalize().getAffineYCoord().testBitZero())
                        .as("even y")
                        .isFalse();
                lifted++;
            }
        }
        assertThat(lifted).as("about half of all x have a point").isBetween(900, 1_100);
    }

    @Test
    void anXNotBelowTheFieldPrimeHasNoPoint() {
        byte[] allOnes = new byte[32];
        Arrays.fill(allOnes, (byte) 0xff);
        byte[] prime = Secp256k1.P.toByteArray();
        byte[] p = Arrays.copyOfRange(prime, prime.length - 32, prime.length);

        assertThat(Secp256k1.evenPointAt(allOnes)).isNull();
        assertThat(Secp256k1.evenPointAt(p)).isNull();
        assertThat(decodedOrNull(allOnes)).isNull();
        assertThat(decodedOrNull(p)).isNull();
    }

    private static ECPoint decodedOrNull(byte[] x) {
        byte[] compressed = new byte[33];
        compressed[0] = 0x02;
        System.arraycopy(x, 0, compressed, 1, 32);
        try {
            return Secp256k1.CURVE.decodePoint(compressed);
        } catch (IllegalArgumentException noPoint) {
            return null;
        }
    }
}

package io.routstr.gateway.cashu.crypto;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The secp256k1 group every Cashu operation works in (NUT-00): BouncyCastle's specialised curve for its values, and
 * the multiplications of the wallet's hot path by {@link CurveArithmetic}.
 */
final class Secp256k1 {

    private static final X9ECParameters PARAMETERS = CustomNamedCurves.getByName("secp256k1");

    static final ECCurve CURVE = PARAMETERS.getCurve();
    static final ECPoint G = PARAMETERS.getG();
    static final BigInteger N = PARAMETERS.getN();

    /** The field's prime p. */
    static final BigInteger P = CURVE.getField().getCharacteristic();

    /**
     * libsecp256k1 where its native build loads, else BouncyCastle's; chosen once. {@code SECP256K1_NATIVE=false} in the
     * environment keeps BouncyCastle's (to compare the two, or where loading a native library is not wanted).
     */
    static final CurveArithmetic ARITHMETIC = chooseArithmetic(System.getenv("SECP256K1_NATIVE"));

    private Secp256k1() {}

    static CurveArithmetic chooseArithmetic(String nativeSetting) {
        if ("false".equalsIgnoreCase(nativeSetting == null ? "" : nativeSetting.strip())) {
            return new BouncyCastleArithmetic();
        }
        return LibSecp256k1Arithmetic.load().orElseGet(BouncyCastleArithmetic::new);
    }

    /** {@code k * G}. */
    static ECPoint timesG(BigInteger k) {
        return ARITHMETIC.timesG(k);
    }

    /** {@code k * p}. */
    static ECPoint times(ECPoint p, BigInteger k) {
        return ARITHMETIC.times(p, k);
    }

    /** {@code p + k * G}. */
    static ECPoint plusTimesG(ECPoint p, BigInteger k) {
        return ARITHMETIC.plusTimesG(p, k);
    }

    /** {@code a * P + b * Q}. */
    static ECPoint sumOfTwoMultiplies(ECPoint p, BigInteger a, ECPoint q, BigInteger b) {
        return ARITHMETIC.sumOfTwoMultiplies(p, a, q, b);
    }

    /** The point of 33 SEC1 compressed bytes; {@link IllegalArgumentException} when they name none. */
    static ECPoint decodeCompressed(byte[] compressed) {
        return ARITHMETIC.decodeCompressed(compressed);
    }

    /**
     * The point with x-coordinate {@code x} (32 bytes, big-endian) and even y, the point {@code 02 || x} names in SEC1
     * compressed form; {@code null} when there is none (x not below p, or x³ + 7 not a square mod p). The same point
     * {@link ECCurve#decodePoint} gives, without the exception it throws for the half of all x that have no point.
     */
    static ECPoint evenPointAt(byte[] x) {
        if (x.length != 32 || new BigInteger(1, x).compareTo(P) >= 0) {
            return null;
        }
        return ARITHMETIC.evenPointAt(x);
    }
}

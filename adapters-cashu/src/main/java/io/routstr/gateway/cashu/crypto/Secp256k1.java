package io.routstr.gateway.cashu.crypto;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** The secp256k1 group every Cashu operation works in (NUT-00), via BouncyCastle's specialised curve. */
final class Secp256k1 {

    private static final X9ECParameters PARAMETERS = CustomNamedCurves.getByName("secp256k1");

    static final ECCurve CURVE = PARAMETERS.getCurve();
    static final ECPoint G = PARAMETERS.getG();
    static final BigInteger N = PARAMETERS.getN();

    /** The field's prime p. */
    static final BigInteger P = CURVE.getField().getCharacteristic();

    /** {@code k * G} through a comb table of G built once (BouncyCastle keeps it on {@link #G}). */
    private static final FixedPointCombMultiplier COMB = new FixedPointCombMultiplier();

    private Secp256k1() {}

    /** {@code k * G}, several times faster than a generic multiplication. */
    static ECPoint timesG(BigInteger k) {
        return COMB.multiply(G, k);
    }

    /**
     * {@code a * P + b * Q} in one pass (Shamir's trick with secp256k1's GLV endomorphism), about half again the cost
     * of one multiplication instead of two.
     */
    static ECPoint sumOfTwoMultiplies(ECPoint p, BigInteger a, ECPoint q, BigInteger b) {
        return ECAlgorithms.sumOfTwoMultiplies(p, a, q, b);
    }

    /**
     * The point with x-coordinate {@code x} (32 bytes, big-endian) and even y, the point {@code 02 || x} names in SEC1
     * compressed form; {@code null} when there is none (x not below p, or x³ + 7 not a square mod p). The same point
     * {@link ECCurve#decodePoint} gives, without the exception it throws for the half of all x that have no point.
     */
    static ECPoint evenPointAt(byte[] x) {
        BigInteger xValue = new BigInteger(1, x);
        if (xValue.compareTo(P) >= 0) {
            return null;
        }
        ECFieldElement xElement = CURVE.fromBigInteger(xValue);
        // secp256k1: y² = x³ + 7 (a = 0); sqrt() is null when its argument is no square.
        ECFieldElement y =
                xElement.square().multiply(xElement).add(CURVE.getB()).sqrt();
        if (y == null) {
            return null;
        }
        if (y.testBitZero()) {
            y = y.negate();
        }
        return CURVE.createPoint(xValue, y.toBigInteger());
    }
}

package io.routstr.gateway.cashu.crypto;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** Pure Java: BouncyCastle's specialised secp256k1, the fallback where libsecp256k1's native build does not load. */
final class BouncyCastleArithmetic implements CurveArithmetic {

    /** {@code k * G} through a comb table of G built once (BouncyCastle keeps it on {@code G}). */
    private static final FixedPointCombMultiplier COMB = new FixedPointCombMultiplier();

    @Override
    public String name() {
        return "BouncyCastle";
    }

    @Override
    public ECPoint timesG(BigInteger k) {
        return COMB.multiply(Secp256k1.G, k.mod(Secp256k1.N)).normalize();
    }

    @Override
    public ECPoint times(ECPoint p, BigInteger k) {
        return p.multiply(k.mod(Secp256k1.N)).normalize();
    }

    @Override
    public ECPoint plusTimesG(ECPoint p, BigInteger k) {
        return p.add(timesG(k)).normalize();
    }

    /** Shamir's trick with secp256k1's GLV endomorphism: about half again one multiplication's cost, not two. */
    @Override
    public ECPoint sumOfTwoMultiplies(ECPoint p, BigInteger a, ECPoint q, BigInteger b) {
        return ECAlgorithms.sumOfTwoMultiplies(p, a.mod(Secp256k1.N), q, b.mod(Secp256k1.N))
                .normalize();
    }

    @Override
    public ECPoint decodeCompressed(byte[] compressed) {
        return Secp256k1.CURVE.decodePoint(compressed).normalize();
    }

    @Override
    public ECPoint evenPointAt(byte[] x) {
        ECFieldElement xElement = Secp256k1.CURVE.fromBigInteger(new BigInteger(1, x));
        // secp256k1: y² = x³ + 7 (a = 0); sqrt() is null when its argument is no square.
        ECFieldElement y =
                xElement.square().multiply(xElement).add(Secp256k1.CURVE.getB()).sqrt();
        if (y == null) {
            return null;
        }
        return Secp256k1.CURVE.createPoint(xElement.toBigInteger(), (y.testBitZero() ? y.negate() : y).toBigInteger());
    }
}

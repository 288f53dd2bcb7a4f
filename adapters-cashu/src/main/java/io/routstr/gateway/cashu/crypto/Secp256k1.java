package io.routstr.gateway.cashu.crypto;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** The secp256k1 group every Cashu operation works in (NUT-00), via BouncyCastle's specialised curve. */
final class Secp256k1 {

    private static final X9ECParameters PARAMETERS = CustomNamedCurves.getByName("secp256k1");

    static final ECCurve CURVE = PARAMETERS.getCurve();
    static final ECPoint G = PARAMETERS.getG();
    static final BigInteger N = PARAMETERS.getN();

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
}

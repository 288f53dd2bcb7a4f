package io.routstr.gateway.cashu.crypto;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/** The secp256k1 group every Cashu operation works in (NUT-00), via BouncyCastle's specialised curve. */
final class Secp256k1 {

    private static final X9ECParameters PARAMETERS = CustomNamedCurves.getByName("secp256k1");

    static final ECCurve CURVE = PARAMETERS.getCurve();
    static final ECPoint G = PARAMETERS.getG();
    static final BigInteger N = PARAMETERS.getN();

    private Secp256k1() {}
}

package io.routstr.gateway.cashu.crypto;

import fr.acinq.secp256k1.Secp256k1Exception;
import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Bitcoin Core's libsecp256k1 through ACINQ's JNI binding: 1.8 to 3.9 times BouncyCastle's speed for the
 * multiplications of blinding, unblinding and the DLEQ checks (JMH; docs/benchmarks.md, "X-Cashu: libsecp256k1"). Points cross as 65-byte
 * uncompressed SEC1; a result the library refuses to encode is the point at infinity (a sum of a point and its
 * negation: the library's only refusal for the valid points and reduced scalars this class gives it).
 */
final class LibSecp256k1Arithmetic implements CurveArithmetic {

    private static final int COORDINATE_BYTES = 32;

    private final fr.acinq.secp256k1.Secp256k1 library;

    private LibSecp256k1Arithmetic(fr.acinq.secp256k1.Secp256k1 library) {
        this.library = library;
    }

    /**
     * The library, when its native build loads here (Linux on x86_64 or aarch64 with glibc, and a writable temporary
     * directory to unpack it into); empty otherwise, for BouncyCastle to take over.
     */
    static Optional<CurveArithmetic> load() {
        try {
            fr.acinq.secp256k1.Secp256k1 library = fr.acinq.secp256k1.Secp256k1.get();
            LibSecp256k1Arithmetic arithmetic = new LibSecp256k1Arithmetic(library);
            // One multiplication checked against BouncyCastle before trusting the build with a wallet.
            BigInteger probe = BigInteger.valueOf(0x5eed);
            if (!arithmetic.timesG(probe).equals(new BouncyCastleArithmetic().timesG(probe))) {
                return Optional.empty();
            }
            return Optional.of(arithmetic);
        } catch (LinkageError | RuntimeException unavailable) {
            return Optional.empty();
        }
    }

    @Override
    public String name() {
        return "libsecp256k1";
    }

    @Override
    public ECPoint timesG(BigInteger k) {
        BigInteger reduced = k.mod(Secp256k1.N);
        if (reduced.signum() == 0) {
            return Secp256k1.CURVE.getInfinity();
        }
        return point(library.pubkeyCreate(Scalar.toFixedBytes(reduced)));
    }

    @Override
    public ECPoint times(ECPoint p, BigInteger k) {
        BigInteger reduced = k.mod(Secp256k1.N);
        if (reduced.signum() == 0 || p.isInfinity()) {
            return Secp256k1.CURVE.getInfinity();
        }
        return point(library.pubKeyTweakMul(bytes(p), Scalar.toFixedBytes(reduced)));
    }

    @Override
    public ECPoint plusTimesG(ECPoint p, BigInteger k) {
        BigInteger reduced = k.mod(Secp256k1.N);
        if (p.isInfinity()) {
            return timesG(reduced);
        }
        if (reduced.signum() == 0) {
            return p.normalize();
        }
        try {
            return point(library.pubKeyTweakAdd(bytes(p), Scalar.toFixedBytes(reduced)));
        } catch (Secp256k1Exception atInfinity) {
            return Secp256k1.CURVE.getInfinity();
        }
    }

    @Override
    public ECPoint sumOfTwoMultiplies(ECPoint p, BigInteger a, ECPoint q, BigInteger b) {
        ECPoint first = p == Secp256k1.G ? timesG(a) : times(p, a);
        ECPoint second = q == Secp256k1.G ? timesG(b) : times(q, b);
        if (first.isInfinity()) {
            return second;
        }
        if (second.isInfinity()) {
            return first;
        }
        try {
            return point(library.pubKeyCombine(new byte[][] {bytes(first), bytes(second)}));
        } catch (Secp256k1Exception atInfinity) {
            return Secp256k1.CURVE.getInfinity();
        }
    }

    @Override
    public ECPoint decodeCompressed(byte[] compressed) {
        try {
            return point(library.pubkeyParse(compressed));
        } catch (Secp256k1Exception noPoint) {
            throw new IllegalArgumentException("the bytes name no point of secp256k1");
        }
    }

    /**
     * The library's parse of {@code 02 || x}, which takes its square root natively (about a tenth of BouncyCastle's
     * time); its refusal is the miss. The refusal comes as an exception from the binding, but only where the Java
     * square root would have found no root either.
     */
    @Override
    public ECPoint evenPointAt(byte[] x) {
        byte[] compressed = new byte[1 + COORDINATE_BYTES];
        compressed[0] = 0x02;
        System.arraycopy(x, 0, compressed, 1, COORDINATE_BYTES);
        try {
            return point(library.pubkeyParse(compressed));
        } catch (Secp256k1Exception noPoint) {
            return null;
        }
    }

    private static byte[] bytes(ECPoint p) {
        return p.getEncoded(false);
    }

    /** A point the library computed: on the curve by construction, so taken without BouncyCastle's check again. */
    private static ECPoint point(byte[] uncompressed) {
        BigInteger x = new BigInteger(1, uncompressed, 1, COORDINATE_BYTES);
        BigInteger y = new BigInteger(1, uncompressed, 1 + COORDINATE_BYTES, COORDINATE_BYTES);
        return Secp256k1.CURVE.createPoint(x, y);
    }
}

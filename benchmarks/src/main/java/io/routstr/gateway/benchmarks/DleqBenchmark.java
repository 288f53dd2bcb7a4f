package io.routstr.gateway.benchmarks;

import io.routstr.gateway.cashu.crypto.Bdhke;
import io.routstr.gateway.cashu.crypto.CurvePoint;
import io.routstr.gateway.cashu.crypto.Dleq;
import io.routstr.gateway.cashu.crypto.DleqProof;
import io.routstr.gateway.cashu.crypto.Scalar;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The wallet's per-proof curve work on the X-Cashu path: the NUT-12 DLEQ check of a client's proof ("Carol", the
 * node checks every proof of a token that carries one), the DLEQ check of a blind signature the mint returned
 * ("Alice", every output of a swap), the unblinding of that signature and {@code Y = hash_to_curve(secret)}. They run
 * on the arithmetic the process chose (libsecp256k1 on Linux); {@code SECP256K1_NATIVE=false} in the environment runs
 * them on BouncyCastle's, for comparison. The {@code _fourMultiplications} and {@code timesG_generic} variants are
 * BouncyCastle's either way.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DleqBenchmark {

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final ECPoint G = CURVE.getG();
    private static final BigInteger N = CURVE.getN();

    private static final String SECRET = "407915bc212be61a77e3e6d2aeb4c727980bda51cd06a6afc29e2861768a7837";

    private CurvePoint mintKey;
    private CurvePoint blinded;
    private CurvePoint blindSignature;
    private DleqProof dleq;
    private Scalar r;
    private Proof proof;

    @Setup
    public void setUp() {
        Scalar a = Scalar.of(new BigInteger("7f3a9b0c5d2e1f4a6b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c", 16));
        mintKey = a.publicKey();
        r = Scalar.of(new BigInteger("1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d", 16));
        blinded = Bdhke.blindSecret(SECRET, r);
        blindSignature = Bdhke.sign(a, blinded);
        dleq = Dleq.prove(a, blinded);
        CurvePoint c = Bdhke.unblind(blindSignature, r, mintKey);
        proof = Proof.of(8, KeysetId.of("00882760bfa2eb41"), SECRET, c.toHex()).withDleq(dleq.withBlindingFactor(r));
    }

    @Benchmark
    public Object carolChecksAClientsProof() {
        return Dleq.check(proof, mintKey);
    }

    @Benchmark
    public boolean aliceChecksABlindSignature() {
        return Dleq.verify(mintKey, blinded, blindSignature, dleq);
    }

    /**
     * The check as it was before Shamir's trick: {@code sG - eA} and {@code sB_ - eC_} as four separate
     * multiplications, for comparison in the same run.
     */
    @Benchmark
    public boolean aliceChecksABlindSignature_fourMultiplications() {
        BigInteger e = dleq.e().mod(N);
        BigInteger s = dleq.s().mod(N);
        ECPoint r1 = G.multiply(s).subtract(mintKey.point().multiply(e));
        ECPoint r2 = blinded.point().multiply(s).subtract(blindSignature.point().multiply(e));
        byte[] expected = Dleq.hashE(new CurvePoint(r1), new CurvePoint(r2), mintKey, blindSignature);
        return new BigInteger(1, expected).equals(dleq.e());
    }

    /** {@code rG} as a generic multiplication, as the blinding of each output and Carol's check did. */
    @Benchmark
    public ECPoint timesG_generic() {
        return G.multiply(r.value());
    }

    /** {@code rG} as the wallet computes it (BouncyCastle: through the comb table of G). */
    @Benchmark
    public CurvePoint timesG_comb() {
        return r.publicKey();
    }

    @Benchmark
    public CurvePoint unblind() {
        return Bdhke.unblind(blindSignature, r, mintKey);
    }

    @Benchmark
    public CurvePoint hashToCurve() {
        return Bdhke.hashSecret(SECRET);
    }
}

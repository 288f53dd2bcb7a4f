package io.routstr.gateway.benchmarks;

import io.routstr.gateway.cashu.crypto.Bdhke;
import io.routstr.gateway.cashu.crypto.CurvePoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
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
 * {@code Y = hash_to_curve(secret)} (NUT-00), once per proof a wallet stores or spends, over 1,024 proof secrets in
 * turn, so that candidates without a point (about one per call) count as they do on the X-Cashu path: the candidates
 * tried by a square root, beside the way it was, each candidate decoded and refused by an exception.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HashToCurveBenchmark {

    private static final ECCurve CURVE =
            CustomNamedCurves.getByName("secp256k1").getCurve();
    private static final byte[] DOMAIN_SEPARATOR = "Secp256k1_HashToCurve_Cashu_".getBytes(StandardCharsets.US_ASCII);

    private final String[] secrets = new String[1_024];
    private int next;

    @Setup
    public void setUp() {
        Random random = new Random(20261202);
        for (int i = 0; i < secrets.length; i++) {
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            secrets[i] = HexFormat.of().formatHex(secret);
        }
    }

    private String nextSecret() {
        next = (next + 1) & (secrets.length - 1);
        return secrets[next];
    }

    @Benchmark
    public CurvePoint squareRoot() {
        return Bdhke.hashSecret(nextSecret());
    }

    @Benchmark
    public ECPoint decodingThrows() {
        byte[] messageHash = sha256(DOMAIN_SEPARATOR, nextSecret().getBytes(StandardCharsets.UTF_8));
        byte[] candidate = new byte[33];
        candidate[0] = 0x02;
        for (int counter = 0; ; counter++) {
            byte[] x = sha256(messageHash, new byte[] {(byte) counter, (byte) (counter >>> 8), 0, 0});
            System.arraycopy(x, 0, candidate, 1, 32);
            try {
                return CURVE.decodePoint(candidate);
            } catch (IllegalArgumentException notOnCurve) {
                // About half of all x have no point: the next counter.
            }
        }
    }

    private static byte[] sha256(byte[] first, byte[] second) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(first);
            return digest.digest(second);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.routstr.gateway.benchmarks;

import io.routstr.gateway.cashu.token.TokenCodec;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Cashu token codec (NUT-00): a V4 token ({@code cashuB}, CBOR) decoded, as every X-Cashu request and bearer
 * token is, and encoded, as the change of each X-Cashu request is; with one proof and with sixteen.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TokenCodecBenchmark {

    /** Secp256k1's generator, a valid compressed point for each proof's signature. */
    private static final String POINT = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";

    @Param({"1", "16"})
    public int proofs;

    private final TokenCodec codec = new TokenCodec();
    private EcashToken token;
    private String encoded;

    @Setup
    public void setUp() {
        List<Proof> list = new ArrayList<>();
        for (int i = 0; i < proofs; i++) {
            list.add(Proof.of(
                    1L << (i % 10),
                    KeysetId.of("00882760bfa2eb41"),
                    "407915bc212be61a77e3e6d2aeb4c727980bda51cd06a6afc29e2861768a7837-" + i,
                    POINT));
        }
        token = EcashToken.of(MintUrl.of("https://mint.example"), CurrencyUnit.SAT, list);
        encoded = codec.encodeV4(token);
    }

    @Benchmark
    public EcashToken decodeV4() {
        return codec.decode(encoded);
    }

    @Benchmark
    public String encodeV4() {
        return codec.encodeV4(token);
    }
}

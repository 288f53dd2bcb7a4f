package io.routstr.gateway.bootstrap.proxy;

import io.routstr.gateway.cashu.token.TokenCodec;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.ProofDleq;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Cashu tokens as long as wallets send them, written by the node's own codec: 64-hex secrets (NUT-00), a compressed
 * point as {@code C}, amounts that are powers of two, and, when asked, a NUT-12 DLEQ proof (three 32-byte scalars)
 * per proof. With {@link #MAX_PROOFS}: cashuB 38.5 kB without DLEQ and 76.4 kB with; cashuA 65.4 kB without and
 * 141 kB with (docs/benchmarks.md, "5,000 streams in 1 GiB"); with {@link #PROOFS_IN_A_HEADER}, cashuB about 30 kB
 * without DLEQ, under {@code MAX_REQUEST_HEADER_BYTES}' default of 32 KiB.
 */
final class CashuTokenSizes {

    /** {@code MAX_PROOFS_PER_TOKEN}'s default. */
    static final int MAX_PROOFS = 256;

    /** About the most proofs a cashuB token without DLEQ may hold in a request header of the default size. */
    static final int PROOFS_IN_A_HEADER = 200;

    /** secp256k1's generator: a valid curve point, as every proof's {@code C} must be. */
    private static final String GENERATOR = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";

    private static final TokenCodec CODEC = new TokenCodec();

    private CashuTokenSizes() {}

    static String v4(int proofs, boolean dleq) {
        return CODEC.encodeV4(token(proofs, dleq));
    }

    static String v3(int proofs, boolean dleq) {
        return CODEC.encodeV3(token(proofs, dleq));
    }

    private static EcashToken token(int count, boolean dleq) {
        Random random = new Random(count);
        List<Proof> proofs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Proof proof = Proof.of(1L << (i % 20), KeysetId.of("00882760bfa2eb41"), hex(random), GENERATOR);
            proofs.add(dleq ? proof.withDleq(new ProofDleq(hex(random), hex(random), hex(random))) : proof);
        }
        return EcashToken.of(MintUrl.of("https://mint.example.com"), CurrencyUnit.SAT, proofs);
    }

    private static String hex(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

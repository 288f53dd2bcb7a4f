package io.routstr.gateway.cashu.crypto;

import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.ProofDleq;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;

/**
 * NUT-12 DLEQ proofs: generation for the test mint, verification by the wallet that received a blind signature
 * ("Alice") and by a wallet that received a proof from someone else ("Carol").
 */
public final class Dleq {

    private static final byte[] NONCE_TAG = "Cashu_DLEQ_R_v1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_NONCE_TRIES = 256;

    private Dleq() {}

    /**
     * {@code hash_e} of NUT-12: SHA-256 over the concatenated lowercase hex text of the uncompressed points. Hashing the
     * raw bytes or the compressed form gives a different, wrong value.
     */
    public static byte[] hashE(CurvePoint... points) {
        StringBuilder text = new StringBuilder(points.length * 130);
        for (CurvePoint point : points) {
            text.append(HexFormat.of().formatHex(point.toUncompressed()));
        }
        return Hashes.sha256(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Mint side: proves that {@code C_ = aB_} used the same {@code a} as {@code A = aG}. The nonce is deterministic
     * (NUT-12): {@code HMAC-SHA256(a, "Cashu_DLEQ_R_v1" || A || B_ || C_ || ctr)} over uncompressed points, retried
     * with the next counter byte while it is not a valid scalar.
     */
    public static DleqProof prove(Scalar a, CurvePoint blindedMessage) {
        Objects.requireNonNull(a, "a");
        CurvePoint publicKey = a.publicKey();
        CurvePoint blindSignature = Bdhke.sign(a, blindedMessage);
        Scalar nonce = deterministicNonce(a, publicKey, blindedMessage, blindSignature);
        CurvePoint r1 = nonce.publicKey();
        CurvePoint r2 = blindedMessage.times(nonce);
        BigInteger e = new BigInteger(1, hashE(r1, r2, publicKey, blindSignature));
        BigInteger s = nonce.value().add(e.multiply(a.value())).mod(Secp256k1.N);
        return new DleqProof(e, s);
    }

    /** Wallet side after a mint or swap ("Alice"): {@code e == hash_e(sG - eA, sB_ - eC_, A, C_)}. */
    public static boolean verify(
            CurvePoint mintKey, CurvePoint blindedMessage, CurvePoint blindSignature, DleqProof proof) {
        BigInteger e = proof.e().mod(Secp256k1.N);
        BigInteger s = proof.s().mod(Secp256k1.N);
        BigInteger minusE = Secp256k1.N.subtract(e).mod(Secp256k1.N);
        var r1 = Secp256k1.sumOfTwoMultiplies(Secp256k1.G, s, mintKey.point(), minusE);
        var r2 = Secp256k1.sumOfTwoMultiplies(blindedMessage.point(), s, blindSignature.point(), minusE);
        if (r1.isInfinity() || r2.isInfinity()) {
            return false;
        }
        byte[] expected = hashE(new CurvePoint(r1), new CurvePoint(r2), mintKey, blindSignature);
        return new BigInteger(1, expected).equals(proof.e());
    }

    /**
     * Receiver side ("Carol"): rebuilds {@code B_ = Y + rG} and {@code C_ = C + rA} from the proof and the sender's
     * blinding factor, then checks as Alice does.
     */
    public static boolean verifyProof(
            CurvePoint mintKey, String secret, CurvePoint signature, DleqProof proof, Scalar r) {
        CurvePoint blindedMessage = Bdhke.blindSecret(secret, r);
        var blindSignature = signature.point().add(Secp256k1.times(mintKey.point(), r.value()));
        if (blindSignature.isInfinity()) {
            return false;
        }
        return verify(mintKey, blindedMessage, new CurvePoint(blindSignature), proof);
    }

    /**
     * Checks the DLEQ a received proof carries against the mint key for its amount. Values that do not even parse as
     * points or scalars make the proof invalid, never an exception.
     */
    public static DleqVerdict check(Proof proof, CurvePoint mintKey) {
        if (proof.dleq().isEmpty()) {
            return DleqVerdict.ABSENT;
        }
        ProofDleq dleq = proof.dleq().get();
        try {
            boolean valid = verifyProof(
                    mintKey,
                    proof.secret(),
                    CurvePoint.fromHex(proof.c()),
                    DleqProof.of(dleq),
                    Scalar.fromHex(dleq.r()));
            return valid ? DleqVerdict.VALID : DleqVerdict.INVALID;
        } catch (IllegalArgumentException malformed) {
            return DleqVerdict.INVALID;
        }
    }

    private static Scalar deterministicNonce(
            Scalar a, CurvePoint publicKey, CurvePoint blindedMessage, CurvePoint blindSignature) {
        byte[] key = a.toBytes();
        for (int counter = 0; counter < MAX_NONCE_TRIES; counter++) {
            byte[] digest = Hashes.hmacSha256(
                    key,
                    NONCE_TAG,
                    publicKey.toUncompressed(),
                    blindedMessage.toUncompressed(),
                    blindSignature.toUncompressed(),
                    new byte[] {(byte) counter});
            BigInteger candidate = new BigInteger(1, digest);
            if (candidate.signum() > 0 && candidate.compareTo(Secp256k1.N) < 0) {
                return new Scalar(candidate);
            }
        }
        throw new IllegalStateException("no valid DLEQ nonce in 256 tries");
    }
}

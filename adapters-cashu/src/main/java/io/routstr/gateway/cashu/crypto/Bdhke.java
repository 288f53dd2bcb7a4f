package io.routstr.gateway.cashu.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Blind Diffie-Hellman key exchange as Cashu uses it (NUT-00): the wallet blinds {@code Y = hash_to_curve(secret)} to
 * {@code B_ = Y + rG}, the mint signs {@code C_ = kB_}, the wallet unblinds {@code C = C_ - rK}, which equals
 * {@code kY}.
 */
public final class Bdhke {

    private static final byte[] DOMAIN_SEPARATOR = "Secp256k1_HashToCurve_Cashu_".getBytes(StandardCharsets.US_ASCII);

    /** cashu-ts gives up at 2^16 as well; a valid x is found within a few tries with overwhelming probability. */
    private static final int MAX_ATTEMPTS = 1 << 16;

    private Bdhke() {}

    /**
     * Maps a message to a curve point with unknown discrete log (NUT-00): the first {@code 0x02 || SHA256(msg_hash ||
     * counter)} that names a point, where {@code msg_hash = SHA256(domain separator || message)} and the counter is a
     * little-endian uint32.
     */
    public static CurvePoint hashToCurve(byte[] message) {
        Objects.requireNonNull(message, "message");
        byte[] messageHash = Hashes.sha256(DOMAIN_SEPARATOR, message);
        for (int counter = 0; counter < MAX_ATTEMPTS; counter++) {
            // About half of all x coordinates have no point: tried by a square root, not by a decoding that throws.
            ECPoint point = Secp256k1.evenPointAt(Hashes.sha256(messageHash, littleEndian(counter)));
            if (point != null) {
                return new CurvePoint(point);
            }
        }
        throw new IllegalStateException("no curve point found for the message");
    }

    /**
     * {@code Y} of a proof: the hash of the secret's UTF-8 bytes, not of its hex decoding (NUT-00). This is also the
     * value NUT-07 checks state by.
     */
    public static CurvePoint hashSecret(String secret) {
        return hashToCurve(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** Wallet step: {@code B_ = Y + rG}. */
    public static CurvePoint blind(CurvePoint y, Scalar r) {
        return new CurvePoint(Secp256k1.plusTimesG(y.point(), r.value()));
    }

    /** Wallet step for a proof secret: {@code B_ = hash_to_curve(utf8(secret)) + rG}. */
    public static CurvePoint blindSecret(String secret, Scalar r) {
        return blind(hashSecret(secret), r);
    }

    /** Mint step: {@code C_ = kB_}. The gateway only signs in its test mint. */
    public static CurvePoint sign(Scalar k, CurvePoint blindedMessage) {
        return blindedMessage.times(k);
    }

    /** Wallet step: {@code C = C_ - rK}, with {@code K} the mint's key for the output's amount. */
    public static CurvePoint unblind(CurvePoint blindSignature, Scalar r, CurvePoint mintKey) {
        return blindSignature.minus(mintKey.times(r));
    }

    /** Mint-side check of a spent proof: {@code k * hash_to_curve(secret) == C}. */
    public static boolean verify(Scalar k, String secret, CurvePoint c) {
        return hashSecret(secret).times(k).equals(c);
    }

    private static byte[] littleEndian(int counter) {
        return new byte[] {(byte) counter, (byte) (counter >>> 8), (byte) (counter >>> 16), (byte) (counter >>> 24)};
    }
}

package io.routstr.gateway.cashu.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECPoint;

/**
 * BIP-340 Schnorr signatures over secp256k1, as NUT-20 uses them to lock a mint quote to a key: the wallet proves it
 * holds the quote's key when it mints, so that a leaked quote id cannot be minted by anyone else.
 */
public final class SchnorrSignature {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final BigInteger P = Secp256k1.CURVE.getField().getCharacteristic();

    private SchnorrSignature() {}

    /** A 64-byte signature of the 32-byte {@code message} with fresh auxiliary randomness. */
    public static byte[] sign(Scalar secretKey, byte[] message) {
        byte[] aux = new byte[32];
        RANDOM.nextBytes(aux);
        return sign(secretKey, message, aux);
    }

    /** BIP-340's signing algorithm with the given auxiliary randomness (fixed only by test vectors). */
    static byte[] sign(Scalar secretKey, byte[] message, byte[] aux) {
        if (message.length != 32 || aux.length != 32) {
            throw new IllegalArgumentException("BIP-340 signs a 32-byte message with 32 bytes of aux randomness");
        }
        ECPoint publicPoint = Secp256k1.G.multiply(secretKey.value()).normalize();
        BigInteger d = hasEvenY(publicPoint) ? secretKey.value() : Secp256k1.N.subtract(secretKey.value());
        byte[] px = xOnly(publicPoint);
        byte[] masked = xor(Scalar.toFixedBytes(d), taggedHash("BIP0340/aux", aux));
        BigInteger k0 = new BigInteger(1, taggedHash("BIP0340/nonce", masked, px, message)).mod(Secp256k1.N);
        if (k0.signum() == 0) {
            throw new IllegalStateException("BIP-340 nonce is zero");
        }
        ECPoint r = Secp256k1.G.multiply(k0).normalize();
        BigInteger k = hasEvenY(r) ? k0 : Secp256k1.N.subtract(k0);
        byte[] rx = xOnly(r);
        BigInteger e = new BigInteger(1, taggedHash("BIP0340/challenge", rx, px, message)).mod(Secp256k1.N);
        byte[] signature = Arrays.copyOf(rx, 64);
        System.arraycopy(Scalar.toFixedBytes(k.add(e.multiply(d)).mod(Secp256k1.N)), 0, signature, 32, 32);
        return signature;
    }

    /** BIP-340 verification against a 32-byte x-only public key. */
    public static boolean verify(byte[] xOnlyPublicKey, byte[] message, byte[] signature) {
        if (xOnlyPublicKey.length != 32 || message.length != 32 || signature.length != 64) {
            return false;
        }
        BigInteger x = new BigInteger(1, xOnlyPublicKey);
        BigInteger rx = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        if (x.compareTo(P) >= 0 || rx.compareTo(P) >= 0 || s.compareTo(Secp256k1.N) >= 0) {
            return false;
        }
        ECPoint publicPoint;
        try {
            byte[] compressed = new byte[33];
            compressed[0] = 0x02;
            System.arraycopy(xOnlyPublicKey, 0, compressed, 1, 32);
            publicPoint = Secp256k1.CURVE.decodePoint(compressed).normalize();
        } catch (IllegalArgumentException notOnCurve) {
            return false;
        }
        BigInteger e = new BigInteger(
                        1,
                        taggedHash("BIP0340/challenge", Arrays.copyOfRange(signature, 0, 32), xOnlyPublicKey, message))
                .mod(Secp256k1.N);
        ECPoint r = Secp256k1.G
                .multiply(s)
                .add(publicPoint.multiply(Secp256k1.N.subtract(e)))
                .normalize();
        return !r.isInfinity()
                && hasEvenY(r)
                && r.getAffineXCoord().toBigInteger().equals(rx);
    }

    private static boolean hasEvenY(ECPoint point) {
        return !point.getAffineYCoord().toBigInteger().testBit(0);
    }

    private static byte[] xOnly(ECPoint point) {
        return Scalar.toFixedBytes(point.getAffineXCoord().toBigInteger());
    }

    private static byte[] taggedHash(String tag, byte[]... parts) {
        byte[] tagHash = Hashes.sha256(tag.getBytes(StandardCharsets.UTF_8));
        byte[][] all = new byte[parts.length + 2][];
        all[0] = tagHash;
        all[1] = tagHash;
        System.arraycopy(parts, 0, all, 2, parts.length);
        return Hashes.sha256(all);
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}

package io.routstr.gateway.cashu.crypto;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * BIP32 private-key derivation, only as far as NUT-13 needs it for V1 keysets: master key from seed, then hardened
 * and normal child steps. No extended-key serialisation.
 */
final class Bip32 {

    static final int HARDENED = 0x80000000;
    private static final byte[] MASTER_KEY = "Bitcoin seed".getBytes(StandardCharsets.US_ASCII);

    private Bip32() {}

    /** The private key at {@code path}, each element an index with {@link #HARDENED} set for hardened steps. */
    static Scalar derive(byte[] seed, int... path) {
        byte[] master = Hashes.hmacSha512(MASTER_KEY, seed);
        BigInteger key = new BigInteger(1, Arrays.copyOfRange(master, 0, 32));
        if (key.signum() == 0 || key.compareTo(Secp256k1.N) >= 0) {
            throw new IllegalArgumentException("this seed yields an invalid BIP32 master key");
        }
        byte[] chainCode = Arrays.copyOfRange(master, 32, 64);
        for (int index : path) {
            byte[] data = (index & HARDENED) != 0
                    ? ByteBuffer.allocate(37)
                            .put((byte) 0)
                            .put(Scalar.toFixedBytes(key))
                            .putInt(index)
                            .array()
                    : ByteBuffer.allocate(37)
                            .put(Secp256k1.timesG(key).getEncoded(true))
                            .putInt(index)
                            .array();
            byte[] digest = Hashes.hmacSha512(chainCode, data);
            BigInteger tweak = new BigInteger(1, Arrays.copyOfRange(digest, 0, 32));
            key = tweak.add(key).mod(Secp256k1.N);
            if (tweak.compareTo(Secp256k1.N) >= 0 || key.signum() == 0) {
                // BIP32 says to skip to the next index; NUT-13 has no such rule, and the odds are below 2^-127.
                throw new IllegalStateException("BIP32 derivation hit an invalid child key");
            }
            chainCode = Arrays.copyOfRange(digest, 32, 64);
        }
        return new Scalar(key);
    }
}

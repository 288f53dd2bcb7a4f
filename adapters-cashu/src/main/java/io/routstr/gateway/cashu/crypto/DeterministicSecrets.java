package io.routstr.gateway.cashu.crypto;

import io.routstr.gateway.domain.ecash.KeysetId;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;

/**
 * NUT-13 deterministic secrets and blinding factors, one per (keyset, counter). The derivation depends on the keyset
 * version: HMAC-SHA256 for V2 ({@code 01}) ids, BIP32 path {@code m/129372'/0'/keyset'/counter'/0|1} for V1.
 */
public final class DeterministicSecrets {

    private static final byte[] KDF_TAG = "Cashu_KDF_HMAC_SHA256".getBytes(StandardCharsets.US_ASCII);
    private static final int PURPOSE = 129372;
    private static final long KEYSET_INT_MODULUS = (1L << 31) - 1;

    private DeterministicSecrets() {}

    /** The secret and {@code r} for output number {@code counter} of a keyset; counters start at 0. */
    public static DerivedSecret derive(WalletSeed seed, KeysetId keysetId, long counter) {
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(keysetId, "keyset id");
        if (counter < 0) {
            throw new IllegalArgumentException("a NUT-13 counter is not negative");
        }
        if (keysetId.isShort()) {
            // The V2 KDF hashes all 33 id bytes; a short id would silently derive different secrets.
            throw new IllegalArgumentException("resolve a short keyset id before deriving secrets");
        }
        return keysetId.version() == 0 ? bip32(seed, keysetId, counter) : hmac(seed, keysetId, counter);
    }

    /** The hardened path element for a V1 keyset: {@code int(id) mod (2^31 - 1)} (NUT-13). */
    public static long keysetIndex(KeysetId keysetId) {
        return new BigInteger(1, keysetId.toBytes())
                .mod(BigInteger.valueOf(KEYSET_INT_MODULUS))
                .longValueExact();
    }

    private static DerivedSecret hmac(WalletSeed seed, KeysetId keysetId, long counter) {
        byte[] message = ByteBuffer.allocate(KDF_TAG.length + 33 + 8)
                .put(KDF_TAG)
                .put(keysetId.toBytes())
                .putLong(counter)
                .array();
        byte[] secret = Hashes.hmacSha256(seed.unsafeBytes(), message, new byte[] {0x00});
        byte[] blinding = Hashes.hmacSha256(seed.unsafeBytes(), message, new byte[] {0x01});
        BigInteger r = new BigInteger(1, blinding).mod(Secp256k1.N);
        if (r.signum() == 0) {
            throw new IllegalStateException("NUT-13 derived r = 0; this counter cannot be used");
        }
        return new DerivedSecret(HexFormat.of().formatHex(secret), new Scalar(r));
    }

    private static DerivedSecret bip32(WalletSeed seed, KeysetId keysetId, long counter) {
        if (counter > Integer.MAX_VALUE) {
            // The counter is a hardened BIP32 index, so only 31 bits are available.
            throw new IllegalArgumentException("a V1 NUT-13 counter fits in 31 bits");
        }
        int keyset = (int) keysetIndex(keysetId);
        int step = (int) counter;
        byte[] bytes = seed.unsafeBytes();
        Scalar secret = Bip32.derive(
                bytes, PURPOSE | Bip32.HARDENED, Bip32.HARDENED, keyset | Bip32.HARDENED, step | Bip32.HARDENED, 0);
        Scalar r = Bip32.derive(
                bytes, PURPOSE | Bip32.HARDENED, Bip32.HARDENED, keyset | Bip32.HARDENED, step | Bip32.HARDENED, 1);
        return new DerivedSecret(secret.toHex(), r);
    }
}

package io.routstr.gateway.cashu.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A secret secp256k1 scalar in {@code [1, n-1]}: a mint private key {@code k} or a wallet blinding factor {@code r}
 * (NUT-00). Serialised as 32 bytes big-endian; never printed.
 */
public record Scalar(BigInteger value) {

    private static final int BYTES = 32;

    public Scalar {
        Objects.requireNonNull(value, "scalar");
        if (value.signum() <= 0 || value.compareTo(Secp256k1.N) >= 0) {
            throw new IllegalArgumentException("a scalar lies in [1, n-1] of secp256k1");
        }
    }

    public static Scalar of(BigInteger value) {
        return new Scalar(value);
    }

    /** Parses 64 hex characters, big-endian. */
    public static Scalar fromHex(String hex) {
        Objects.requireNonNull(hex, "scalar hex");
        if (hex.length() != 2 * BYTES) {
            throw new IllegalArgumentException("a scalar is 64 hex characters");
        }
        return fromBytes(HexFormat.of().parseHex(hex));
    }

    public static Scalar fromBytes(byte[] bigEndian) {
        if (bigEndian.length != BYTES) {
            throw new IllegalArgumentException("a scalar is 32 bytes");
        }
        return new Scalar(new BigInteger(1, bigEndian));
    }

    /** A uniformly random scalar, by rejection sampling so that no value is favoured. */
    public static Scalar random(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        while (true) {
            random.nextBytes(bytes);
            BigInteger candidate = new BigInteger(1, bytes);
            if (candidate.signum() > 0 && candidate.compareTo(Secp256k1.N) < 0) {
                return new Scalar(candidate);
            }
        }
    }

    public byte[] toBytes() {
        return toFixedBytes(value);
    }

    public String toHex() {
        return HexFormat.of().formatHex(toBytes());
    }

    /** The public point {@code value * G}: a mint's public key {@code K} for the private key {@code k} (NUT-01). */
    public CurvePoint publicKey() {
        return new CurvePoint(Secp256k1.timesG(value));
    }

    static byte[] toFixedBytes(BigInteger nonNegative) {
        byte[] raw = nonNegative.toByteArray();
        if (raw.length == BYTES) {
            return raw;
        }
        byte[] fixed = new byte[BYTES];
        if (raw.length > BYTES) {
            // BigInteger adds a leading sign byte when the top bit is set; it is zero for values below 2^256.
            System.arraycopy(raw, raw.length - BYTES, fixed, 0, BYTES);
        } else {
            System.arraycopy(raw, 0, fixed, BYTES - raw.length, raw.length);
        }
        return fixed;
    }

    @Override
    public String toString() {
        return "Scalar[<redacted>]";
    }
}

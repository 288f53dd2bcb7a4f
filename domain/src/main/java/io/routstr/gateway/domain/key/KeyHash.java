package io.routstr.gateway.domain.key;

import io.routstr.gateway.domain.LowercaseHex;
import java.util.HexFormat;
import java.util.Objects;

/**
 * SHA-256 of an API key's secret, in lowercase hex: what the database stores instead of the secret, so that a leaked
 * table exposes no spendable key.
 */
public record KeyHash(String value) {

    private static final int LENGTH = 64;

    public KeyHash {
        Objects.requireNonNull(value, "key hash");
        if (!LowercaseHex.is(value, LENGTH)) {
            throw new IllegalArgumentException("a key hash is 64 lowercase hex characters");
        }
    }

    public static KeyHash of(byte[] sha256) {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("a key hash is a 32-byte SHA-256 digest");
        }
        return new KeyHash(HexFormat.of().formatHex(sha256));
    }

    /** The first characters only: safe to show in logs and to child keys. */
    public String preview() {
        return value.substring(0, 8) + "...";
    }

    @Override
    public String toString() {
        return preview();
    }
}

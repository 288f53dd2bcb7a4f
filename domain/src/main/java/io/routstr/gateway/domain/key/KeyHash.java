package io.routstr.gateway.domain.key;

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
        if (!isLowercaseHex64(value)) {
            throw new IllegalArgumentException("a key hash is 64 lowercase hex characters");
        }
    }

    /** {@code [0-9a-f]{64}}, checked by a loop: a key hash is made for every paid request, and a regex match cost more. */
    private static boolean isLowercaseHex64(String value) {
        if (value.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
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

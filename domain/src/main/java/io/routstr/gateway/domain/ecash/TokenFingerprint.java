package io.routstr.gateway.domain.ecash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * How the wallet, the redemption log, the X-Cashu payment log and the ledger name one presented token, in lowercase
 * hex, so that all of them agree on which token was credited.
 *
 * <p>It is {@code sha256("routstr/token-fingerprint/v1" || sha256(token))}, not {@code sha256(token)}: a token's key
 * is {@code sk-} + sha256(token) (Routstr's derivation, which clients compute themselves), so storing sha256(token)
 * would make every stored row a working key. The domain-separated hash cannot be turned back into sha256(token), and
 * because it is computed from sha256(token) rather than from the token, rows stored in the old form can be migrated
 * in SQL without the tokens (changeset 009).
 *
 * <p>{@code value} is always 64 lowercase hex characters, the form every table stores, so two fingerprints of one
 * token are equal and a token (or anything else) can never pass for one.
 */
public record TokenFingerprint(String value) {

    private static final byte[] DOMAIN = "routstr/token-fingerprint/v1".getBytes(StandardCharsets.US_ASCII);
    private static final int HEX_LENGTH = 64;

    public TokenFingerprint {
        Objects.requireNonNull(value, "token fingerprint");
        if (!isLowercaseHex64(value)) {
            // The value is not echoed: a caller that passes the wrong string here may be passing the token itself.
            throw new IllegalArgumentException(
                    "a token fingerprint is 64 lowercase hex characters, got " + value.length() + " characters");
        }
    }

    /** The fingerprint of {@code token}, exactly as presented (callers strip surrounding white space first). */
    public static TokenFingerprint of(String token) {
        return fromDigest(sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** The fingerprint of the token whose SHA-256 (64 hex characters) is given: what the migration computes. */
    public static TokenFingerprint fromTokenSha256(String sha256Hex) {
        return fromDigest(HexFormat.of().parseHex(sha256Hex));
    }

    /** A fingerprint read back from where it was stored; throws if {@code stored} is not one. */
    public static TokenFingerprint parse(String stored) {
        return new TokenFingerprint(stored);
    }

    private static TokenFingerprint fromDigest(byte[] tokenDigest) {
        byte[] input = new byte[DOMAIN.length + tokenDigest.length];
        System.arraycopy(DOMAIN, 0, input, 0, DOMAIN.length);
        System.arraycopy(tokenDigest, 0, input, DOMAIN.length, tokenDigest.length);
        return new TokenFingerprint(HexFormat.of().formatHex(sha256(input)));
    }

    private static boolean isLowercaseHex64(String value) {
        if (value.length() != HEX_LENGTH) {
            return false;
        }
        for (int i = 0; i < HEX_LENGTH; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}

package io.routstr.gateway.domain.ecash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How the wallet, the redemption log, the X-Cashu payment log and the ledger name one presented token, in lowercase
 * hex, so that all of them agree on which token was credited.
 *
 * <p>It is {@code sha256("routstr/token-fingerprint/v1" || sha256(token))}, not {@code sha256(token)}: a token's key
 * is {@code sk-} + sha256(token) (Routstr's derivation, which clients compute themselves), so storing sha256(token)
 * would make every stored row a working key. The domain-separated hash cannot be turned back into sha256(token), and
 * because it is computed from sha256(token) rather than from the token, rows stored in the old form can be migrated
 * in SQL without the tokens (changeset 009).
 */
public final class TokenFingerprint {

    private static final byte[] DOMAIN = "routstr/token-fingerprint/v1".getBytes(StandardCharsets.US_ASCII);

    private TokenFingerprint() {}

    public static String of(String token) {
        return fromDigest(sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** The fingerprint of the token whose SHA-256 (64 hex characters) is given: what the migration computes. */
    public static String fromTokenSha256(String sha256Hex) {
        return fromDigest(HexFormat.of().parseHex(sha256Hex));
    }

    private static String fromDigest(byte[] tokenDigest) {
        byte[] input = new byte[DOMAIN.length + tokenDigest.length];
        System.arraycopy(DOMAIN, 0, input, 0, DOMAIN.length);
        System.arraycopy(tokenDigest, 0, input, DOMAIN.length, tokenDigest.length);
        return HexFormat.of().formatHex(sha256(input));
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}

package io.routstr.gateway.application.service.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random tokens and their stored form. A token carries 256 random bits, so a plain SHA-256 is enough to store it: no
 * one can search its space, and a database copy opens nothing.
 */
final class AdminSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private AdminSecrets() {}

    static String randomToken(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A password a person can type: 24 random bytes as URL-safe Base64 (Routstr's {@code token_urlsafe(24)}). */
    static String randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Routstr's {@code token_preview}: the first 8 and the last 4 characters. */
    static String preview(String token) {
        return token.substring(0, 8) + "…" + token.substring(token.length() - 4);
    }
}

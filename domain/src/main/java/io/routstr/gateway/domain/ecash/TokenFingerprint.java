package io.routstr.gateway.domain.ecash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a serialised token, in lowercase hex: how the wallet, the redemption log and the ledger name one
 * presented token, so that all three agree on which token was credited.
 */
public final class TokenFingerprint {

    private TokenFingerprint() {}

    public static String of(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}

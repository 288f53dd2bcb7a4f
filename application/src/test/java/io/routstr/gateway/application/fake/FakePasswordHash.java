package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.admin.PasswordHashPort;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * {@link PasswordHashPort} with a stand-in hash, fast (the real one is Argon2id in the adapter) but salted like it: the
 * hash never holds the password, the same password hashes differently each time, and only the password it was made
 * from matches it.
 */
public final class FakePasswordHash implements PasswordHashPort {

    private static final String PREFIX = "fake-sha256$";

    @Override
    public String hash(String password) {
        String salt = UUID.randomUUID().toString();
        return PREFIX + salt + "$" + digest(salt, password);
    }

    @Override
    public boolean matches(String password, String hash) {
        String[] parts = hash.split("\\$");
        return parts.length == 3
                && hash.startsWith(PREFIX)
                && digest(parts[1], password).equals(parts[2]);
    }

    private static String digest(String salt, String password) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest((salt + ":" + password).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.routstr.gateway.persistence.admin;

import io.routstr.gateway.application.port.out.admin.PasswordHashPort;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.springframework.stereotype.Component;

/**
 * Argon2id (RFC 9106) with OWASP's first recommended setting, 19 MiB of memory, 2 passes, 1 lane, stored as a PHC
 * string ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) so that the parameters can be raised later without breaking
 * the stored hash.
 */
@Component
final class Argon2PasswordHasher implements PasswordHashPort {

    private static final int MEMORY_KIB = 19_456;
    private static final int ITERATIONS = 2;
    private static final int LANES = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();

    @Override
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, MEMORY_KIB, ITERATIONS, LANES, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + LANES + "$" + B64.encodeToString(salt)
                + "$" + B64.encodeToString(hash);
    }

    @Override
    public boolean matches(String password, String stored) {
        try {
            return matchesWellFormed(password, stored);
        } catch (IllegalArgumentException malformed) {
            // A stored value that is not a hash of this kind (a number or Base64 that does not parse) matches nothing.
            return false;
        }
    }

    private static boolean matchesWellFormed(String password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        int memory = 0;
        int iterations = 0;
        int lanes = 0;
        for (String parameter : parts[3].split(",")) {
            String[] pair = parameter.split("=", 2);
            int value = Integer.parseInt(pair[1]);
            switch (pair[0]) {
                case "m" -> memory = value;
                case "t" -> iterations = value;
                case "p" -> lanes = value;
                default -> {
                    return false;
                }
            }
        }
        if (lanes < 1 || iterations < 1 || memory < 8 * lanes) {
            return false;
        }
        byte[] salt = B64_DECODE.decode(parts[4]);
        byte[] expected = B64_DECODE.decode(parts[5]);
        byte[] actual = derive(password, salt, memory, iterations, lanes, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(String password, byte[] salt, int memory, int iterations, int lanes, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memory)
                .withIterations(iterations)
                .withParallelism(lanes)
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}

package io.routstr.gateway.domain.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The bearer secret a client presents, {@code sk-} followed by 64 hex characters (Routstr's key format).
 *
 * <p>Held only in memory, long enough to hash it or hand it to its owner once; {@link #toString()} never reveals it.
 */
public final class ApiKeySecret {

    public static final String PREFIX = "sk-";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Never used itself: each digest is a clone of it ({@link #newSha256}). */
    private static final MessageDigest SHA_256 = lookUpSha256();

    private final String value;

    private ApiKeySecret(String value) {
        this.value = value;
    }

    /** Accepts a presented key; anything that is not {@code sk-} plus at least one character is refused. */
    public static ApiKeySecret parse(String presented) {
        Objects.requireNonNull(presented, "api key");
        String trimmed = presented.strip();
        if (!trimmed.startsWith(PREFIX) || trimmed.length() <= PREFIX.length() || trimmed.length() > 256) {
            throw new IllegalArgumentException("an API key starts with 'sk-'");
        }
        return new ApiKeySecret(trimmed);
    }

    /** A fresh random key: {@code sk-} plus 32 random bytes in hex. */
    public static ApiKeySecret generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new ApiKeySecret(PREFIX + HexFormat.of().formatHex(bytes));
    }

    /**
     * The key a Cashu token becomes when used as a bearer credential: {@code sk-} + sha256(token), as Routstr derives
     * it, so the same token always maps to the same key.
     */
    public static ApiKeySecret derivedFromToken(String token) {
        return new ApiKeySecret(PREFIX + HexFormat.of().formatHex(sha256(token.strip())));
    }

    public KeyHash hash() {
        return KeyHash.of(sha256(value));
    }

    /** The secret itself, for the one response that hands it to its owner. */
    public String reveal() {
        return value;
    }

    static byte[] sha256(String text) {
        return newSha256().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A fresh SHA-256 digest, copied from one looked up once: {@code MessageDigest.getInstance} searches the security
     * providers and checks the algorithm's constraints on every call, which cost about twice the digest of a key
     * itself, once per paid request (docs/benchmarks.md, "Node CPU per paid request on the AMD host").
     */
    private static MessageDigest newSha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return lookUpSha256();
        }
    }

    private static MessageDigest lookUpSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKeySecret that && MessageDigest.isEqual(sha256(value), sha256(that.value));
    }

    @Override
    public int hashCode() {
        return hash().hashCode();
    }

    @Override
    public String toString() {
        return "sk-****";
    }
}

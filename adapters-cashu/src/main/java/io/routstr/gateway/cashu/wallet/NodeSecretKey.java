package io.routstr.gateway.cashu.wallet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The node's secret key for data at rest ({@code ROUTSTR_SECRET_KEY}), or one generated once into a key file readable
 * by its owner only ({@code ROUTSTR_SECRET_KEY_FILE}), as Routstr does. The AES-256 key is the SHA-256 of the key text,
 * so any high-entropy string (such as Routstr's Fernet key) works.
 */
public final class NodeSecretKey {

    private static final int GENERATED_BYTES = 32;

    private final SecretKey aesKey;

    private NodeSecretKey(SecretKey aesKey) {
        this.aesKey = aesKey;
    }

    /** A key from its text form. */
    public static NodeSecretKey of(String secret) {
        Objects.requireNonNull(secret, "secret key");
        if (secret.strip().length() < 16) {
            throw new IllegalArgumentException("ROUTSTR_SECRET_KEY is at least 16 characters of secret");
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(secret.strip().getBytes(StandardCharsets.UTF_8));
            return new NodeSecretKey(new SecretKeySpec(digest, "AES"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The configured key if given, else the one in {@code keyFile}, generated (mode 0600) on first start. */
    public static NodeSecretKey resolve(String configured, Path keyFile) {
        return of(resolveText(configured, keyFile));
    }

    /**
     * The node secret's text: {@code configured} if given, else the content of {@code keyFile}, generated on first
     * start. Every secret the node keeps at rest (wallet seed, provider API keys) derives its key from this one value,
     * so a restart can read what the previous run stored.
     */
    public static String resolveText(String configured, Path keyFile) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        Objects.requireNonNull(keyFile, "key file");
        try {
            if (!Files.exists(keyFile)) {
                byte[] random = new byte[GENERATED_BYTES];
                new SecureRandom().nextBytes(random);
                write(keyFile, Base64.getUrlEncoder().encodeToString(random));
            }
            return Files.readString(keyFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the node secret key file " + keyFile, e);
        }
    }

    SecretKey aesKey() {
        return aesKey;
    }

    private static void write(Path keyFile, String key) throws IOException {
        Path parent = keyFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        try {
            try {
                Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(ownerOnly));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(keyFile);
            }
        } catch (FileAlreadyExistsException raced) {
            // Another instance created it first; use theirs.
            return;
        }
        Files.writeString(keyFile, key, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "NodeSecretKey[<redacted>]";
    }
}

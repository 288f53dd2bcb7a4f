package io.routstr.gateway.cashu.wallet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

/**
 * The node's secret key for data at rest ({@code ROUTSTR_SECRET_KEY}), or one generated once into a key file readable
 * by its owner only ({@code ROUTSTR_SECRET_KEY_FILE}), as Routstr does. The persistence adapter's at-rest cipher
 * derives its keys from this text, so any high-entropy string (such as Routstr's Fernet key) works.
 */
public final class NodeSecretKey {

    private static final int GENERATED_BYTES = 32;

    private NodeSecretKey() {}

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

    /**
     * Publishes a generated key so that no reader ever sees it half-written and two instances starting together
     * agree on one key: the key is written to a private temporary file in the same directory and synced, then linked
     * to its name, which fails if the name exists (a link, unlike a rename, never replaces). The loser of that race
     * drops its key and reads the winner's.
     */
    private static void write(Path keyFile, String key) throws IOException {
        Path target = keyFile.toAbsolutePath();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path temp = createPrivateTemp(parent, target.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            try {
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException raced) {
                return; // another instance published its key first: use theirs
            } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
                if (Files.exists(target)) {
                    return;
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            syncDirectory(parent);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Path createPrivateTemp(Path directory, String name) throws IOException {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        try {
            return Files.createTempFile(
                    directory, "." + name + ".", ".tmp", PosixFilePermissions.asFileAttribute(ownerOnly));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempFile(directory, "." + name + ".", ".tmp");
        }
    }

    /** Makes the new directory entry durable, so a crash right after start-up cannot lose the key (Linux, macOS). */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // Some platforms cannot open a directory; the key file itself was synced before it was published.
        }
    }
}

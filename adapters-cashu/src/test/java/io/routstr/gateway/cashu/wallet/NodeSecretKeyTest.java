package io.routstr.gateway.cashu.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated node secret: written once, never seen half-written, and the same for instances starting together. */
class NodeSecretKeyTest {

    @TempDir
    Path directory;

    @Test
    void aConfiguredKeyWinsAndNoFileIsWritten() {
        Path file = directory.resolve("key");

        assertThat(NodeSecretKey.resolveText("  configured-secret-0123456789  ", file))
                .isEqualTo("configured-secret-0123456789");
        assertThat(file).doesNotExist();
    }

    @Test
    void aGeneratedKeyIsKeptOwnerOnlyAndReadBackOnTheNextStart() throws Exception {
        Path file = directory.resolve("data/routstr_secret.key");

        String first = NodeSecretKey.resolveText("", file);

        assertThat(first).hasSizeGreaterThanOrEqualTo(40);
        assertThat(NodeSecretKey.resolveText("", file)).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file);
        }
    }

    @RepeatedTest(5)
    void instancesStartingTogetherAllReadOneWholeKey() throws Exception {
        Path file = directory.resolve("shared.key");
        int instances = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            List<Future<String>> keys = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                keys.add(pool.submit(() -> {
                    start.await();
                    return NodeSecretKey.resolveText("", file);
                }));
            }
            start.countDown();
            List<String> read = new ArrayList<>();
            for (Future<String> key : keys) {
                read.add(key.get());
            }
            assertThat(read).allSatisfy(key -> assertThat(key).hasSizeGreaterThanOrEqualTo(40));
            assertThat(read.stream().distinct()).hasSize(1);
            assertThat(Files.readString(file).strip()).isEqualTo(read.getFirst());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aGeneratedKeyFile_isOwnerOnlyAndReusedOnTheNextStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/routstr_secret.key");
        String first = NodeSecretKey.resolveText("", file);

        assertThat(NodeSecretKey.resolveText(null, file)).isEqualTo(first);
        assertThat(Files.readString(file)).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }
}

package io.routstr.gateway.bootstrap.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The node jar as Spring Boot's efficient deployment runs it: unpacked once ({@code java -Djarmode=tools -jar … extract},
 * the same classes in plain jars on a class path) and started with a JDK AOT cache of its start-up, recorded once by a
 * training run that refreshes the context and exits ({@code -Dspring.context.exit=onRefresh}).
 *
 * <p>Why: the reliability suites start a node JVM ten times, and on a 2-core CI host a start from the fat jar cost about
 * 29 s of CPU, most of it reading classes out of nested jars; unpacked with the AOT cache it costs about 11 s (measured
 * in docs/testing.md). The node's code and configuration are the same; {@link GroupCommitCrashIT} still starts the fat
 * jar itself, as the Dockerfile does. The image is kept under {@code target/reliability/node-image} and made again when
 * the jar changes. Without a usable cache (a training run that fails) the nodes start without one, only slower.
 */
final class NodeImage {

    private static final List<String> JVM_OPTIONS =
            List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

    private static NodeImage current;

    private final List<String> launch;

    private NodeImage(List<String> launch) {
        this.launch = List.copyOf(launch);
    }

    /** The small, quick-starting JVM the suites run next to the test JVM, on {@code jar} as it was built. */
    static List<String> fatJar(Path jar) {
        List<String> command = new ArrayList<>(java());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    /**
     * The command that starts a node from the unpacked image of {@code jar}, making the image on first use. The suites
     * run in parallel test JVMs: a file lock lets one of them make it while the others wait and then use it.
     */
    static synchronized List<String> of(Path jar) {
        if (current == null) {
            Path dir = jar.toAbsolutePath().resolveSibling("reliability/node-image");
            try {
                Files.createDirectories(dir.getParent());
                try (FileChannel lock = FileChannel.open(
                                dir.resolveSibling("node-image.lock"),
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE);
                        FileLock held = lock.lock()) {
                    current = make(jar.toAbsolutePath(), dir);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock the node image " + dir, e);
            }
        }
        return current.launch;
    }

    private static NodeImage make(Path jar, Path dir) {
        try {
            Path stamp = dir.resolve("made-from");
            String source = jar + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar);
            Path unpacked = dir.resolve("app").resolve(jar.getFileName());
            Path cache = dir.resolve("node.aot");
            if (!Files.isRegularFile(stamp) || !Files.readString(stamp).equals(source)) {
                deleteRecursively(dir);
                Files.createDirectories(dir);
                run(
                        List.of(
                                java().getFirst(),
                                "-Djarmode=tools",
                                "-jar",
                                jar.toString(),
                                "extract",
                                "--destination",
                                dir.resolve("app").toString()),
                        Map.of(),
                        dir.resolve("extract.log"));
                train(unpacked, cache, dir);
                Files.writeString(stamp, source);
            }
            List<String> command = new ArrayList<>(java());
            command.addAll(JVM_OPTIONS);
            if (Files.isRegularFile(cache)) {
                command.add("-XX:AOTCache=" + cache);
            }
            command.addAll(List.of("-jar", unpacked.toString()));
            return new NodeImage(command);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + jar, e);
        }
    }

    /**
     * Starts the unpacked node once on a database of its own until its context is refreshed, recording the classes it
     * loads and links into {@code cache}. No port is opened and no job runs: the context exits before its lifecycle.
     */
    private static void train(Path unpacked, Path cache, Path dir) {
        TestDatabase database = TestDatabase.fresh("node_image_training");
        List<String> command = new ArrayList<>(java());
        command.addAll(JVM_OPTIONS);
        command.addAll(
                List.of("-XX:AOTCacheOutput=" + cache, "-Dspring.context.exit=onRefresh", "-jar", unpacked.toString()));
        int[] ports = NodeProcess.freePorts();
        Map<String, String> env = Map.of(
                "DATABASE_URL", database.routstrUrl(),
                "ROUTSTR_SECRET_KEY", "node image training run",
                "CASHU_MINTS", "http://127.0.0.1:9/mint",
                "PORT", Integer.toString(ports[0]),
                "MANAGEMENT_PORT", Integer.toString(ports[1]));
        try {
            run(command, env, dir.resolve("training.log"));
        } catch (IllegalStateException e) {
            // Nodes start without the cache: slower, the same code.
            System.out.println("[reliability] no AOT cache for the node image: " + e.getMessage());
        }
    }

    private static void run(List<String> command, Map<String, String> env, Path log) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .directory(log.getParent().toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.getLast() + " did not finish; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " exited with " + process.exitValue() + "; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static List<String> java() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

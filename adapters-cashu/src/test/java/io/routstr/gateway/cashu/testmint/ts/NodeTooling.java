package io.routstr.gateway.cashu.testmint.ts;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Locates {@code node}, {@code npm} and the Node project under {@code adapters-cashu/src/test/node}, and installs its
 * locked dependencies ({@code npm ci}) once when they are missing or stale.
 */
final class NodeTooling {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Overrides the Node project directory (default: {@code src/test/node} of this module). */
    static final String DIR_PROPERTY = "routstr.cashuTsMint.dir";

    private static final String CASHU_TS = "@cashu/cashu-ts";
    private static boolean installed;

    private NodeTooling() {}

    /** The {@code node} executable on {@code PATH}; JUnit-skips the calling test when there is none. */
    static Path nodeOrSkip() {
        Optional<Path> node = findOnPath("node");
        assumeTrue(node.isPresent(), "node is not on PATH: skipping tests against the cashu-ts test mint");
        return node.orElseThrow();
    }

    static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The Node project directory holding {@code mint.mjs}, {@code client.mjs} and {@code package-lock.json}. */
    static Path projectDir() {
        String override = System.getProperty(DIR_PROPERTY);
        List<Path> candidates = override != null
                ? List.of(Path.of(override))
                : List.of(
                        Path.of("src", "test", "node"),
                        Path.of("adapters-cashu", "src", "test", "node"),
                        Path.of("..", "adapters-cashu", "src", "test", "node"));
        for (Path candidate : candidates) {
            Path dir = candidate.toAbsolutePath().normalize();
            if (Files.isRegularFile(dir.resolve("mint.mjs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the cashu-ts test mint (mint.mjs) in " + candidates + " from "
                + Path.of("").toAbsolutePath() + "; set -D" + DIR_PROPERTY);
    }

    /**
     * Runs {@code npm ci} unless every package of {@code package-lock.json} is installed in {@code node_modules} at its
     * locked version. Once per JVM.
     */
    static synchronized void ensureInstalled(Path dir) {
        if (installed) {
            return;
        }
        try {
            if (!matchesLock(dir)) {
                npmCi(dir);
                if (!matchesLock(dir)) {
                    throw new IllegalStateException("npm ci did not install what package-lock.json locks in " + dir);
                }
            }
            installed = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean matchesLock(Path dir) throws IOException {
        JsonNode packages =
                JSON.readTree(dir.resolve("package-lock.json").toFile()).path("packages");
        if (!packages.has("node_modules/" + CASHU_TS)) {
            throw new IllegalStateException("package-lock.json in " + dir + " does not lock " + CASHU_TS);
        }
        for (var entry : packages.properties()) {
            String path = entry.getKey();
            if (path.isEmpty()) {
                continue; // the project itself
            }
            Path manifest = dir.resolve(path).resolve("package.json");
            if (!Files.isRegularFile(manifest)) {
                return false;
            }
            String installedVersion =
                    JSON.readTree(manifest.toFile()).path("version").asText();
            if (!installedVersion.equals(entry.getValue().path("version").asText())) {
                return false;
            }
        }
        return true;
    }

    private static void npmCi(Path dir) throws IOException {
        Path npm = findOnPath("npm")
                .orElseThrow(() -> new IllegalStateException("node is on PATH but npm is not: cannot run npm ci"));
        Process process = new ProcessBuilder(
                        npm.toString(), "ci", "--no-audit", "--no-fund", "--loglevel=error", "--ignore-scripts")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        process.getOutputStream().close();
        CompletableFuture<String> output = readAsync(process.getInputStream());
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("npm ci timed out in " + dir);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "npm ci failed (exit " + process.exitValue() + ") in " + dir + ":\n" + output.join());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running npm ci", e);
        }
    }

    static CompletableFuture<String> readAsync(InputStream in) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (in) {
                        result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        result.complete("");
                    }
                },
                "node-output-reader");
        reader.setDaemon(true);
        reader.start();
        return result;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    static List<String> command(Path node, Path script, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(node.toString());
        command.add(script.toString());
        command.addAll(args);
        return command;
    }
}

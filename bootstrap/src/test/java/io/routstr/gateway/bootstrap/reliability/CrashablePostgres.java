package io.routstr.gateway.bootstrap.reliability;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A PostgreSQL of one suite's own that the suite can crash and start again on the same data directory and port, with
 * production's durability: the embedded server's binaries, but with {@code fsync} and {@code synchronous_commit} on
 * (the embedded server turns both off for speed, under which no commit waits for the disk and a crash would prove
 * nothing about one that does).
 *
 * <p>{@link #crash()} is an immediate shutdown ({@code SIGQUIT} to the postmaster, as {@code pg_ctl stop -m immediate}
 * sends): every backend quits at once, nothing is flushed or checkpointed, and the next start runs crash recovery
 * from the write-ahead log on disk. A commit that returned without waiting for its flush is lost unless a later commit
 * that waited flushed it.
 */
final class CrashablePostgres implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path dataDirectory;
    private final int port;
    private final Duration walWriterDelay;
    private EmbeddedPostgres server;

    private CrashablePostgres(Path dataDirectory, int port, Duration walWriterDelay) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.walWriterDelay = walWriterDelay;
    }

    /**
     * A new cluster in a fresh directory. {@code walWriterDelay}: how long the server's WAL writer sleeps between
     * flushes of what commits that did not wait left behind (PostgreSQL's default 200 ms, at most 10 s); longer, a
     * crash finds more such commits unflushed.
     */
    static CrashablePostgres start(Duration walWriterDelay) {
        try {
            CrashablePostgres postgres =
                    new CrashablePostgres(Files.createTempDirectory("crashable-postgres"), freePort(), walWriterDelay);
            postgres.server = postgres.launch();
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private EmbeddedPostgres launch() throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setRegisterShutdownHook(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("wal_writer_delay", walWriterDelay.toMillis() + "ms")
                // Only the delay, not the amount written, wakes the WAL writer to flush.
                .setServerConfig("wal_writer_flush_after", "1GB")
                .setServerConfig("max_connections", "100")
                .start();
    }

    /** The database the nodes use, as {@link TestDatabase} reaches it. */
    TestDatabase database() {
        return TestDatabase.at(server.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    }

    /** Immediate shutdown: the server's processes quit without flushing anything. */
    void crash() {
        long postmaster = postmasterPid();
        try {
            Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -QUIT " + postmaster + " failed");
            }
            Optional<ProcessHandle> handle = ProcessHandle.of(postmaster);
            if (handle.isPresent()) {
                handle.get().onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            // The server is gone: the embedded handle's own stop fails (and says so in the log), then lets go of the
            // data directory's lock, which it does not delete.
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while crashing PostgreSQL", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("PostgreSQL did not quit within " + STOP_TIMEOUT, e);
        }
    }

    /** Starts the server again on the same data directory and port: crash recovery replays the log on disk. */
    void restart() {
        try {
            server = launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long postmasterPid() {
        try {
            // postmaster.pid: the first line is the postmaster's process id.
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                    .getFirst()
                    .strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

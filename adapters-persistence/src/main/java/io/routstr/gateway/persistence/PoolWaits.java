package io.routstr.gateway.persistence;

import java.sql.SQLTransientConnectionException;
import java.util.function.Supplier;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * What a wait for a pooled connection that ran out means. The pool (Hikari) ends a wait with {@link
 * SQLTransientConnectionException}; it names as its cause why it last failed to open a connection, and has no cause
 * while the connections it opens succeed. So a wait without a cause found the pool busy: asking again may find a
 * connection given back. A wait with one found the database refusing connections (down, restarting, full, or the
 * credentials refused): asking again only makes the caller wait once more for the same answer.
 */
public final class PoolWaits {

    private PoolWaits() {}

    /**
     * Runs {@code step}, asking the pool again while its wait for a connection ran out on a busy pool, up to {@code
     * attempts} waits in all. A step that found no connection never ran, so running it again is safe. A database that
     * refuses connections fails the step at its first wait.
     */
    public static <T> T throughABusyPool(Supplier<T> step, int attempts) {
        return askingAgain(step, attempts, false);
    }

    /**
     * {@link #throughABusyPool}, asking again also while the database refuses connections: for a step worth waiting
     * for through a database's restart (a charge for an answer already given), up to {@code attempts} waits in all.
     */
    public static <T> T throughABusyPoolOrARestart(Supplier<T> step, int attempts) {
        return askingAgain(step, attempts, true);
    }

    private static <T> T askingAgain(Supplier<T> step, int attempts, boolean whileRefused) {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.get();
            } catch (CannotGetJdbcConnectionException | CannotCreateTransactionException noConnection) {
                if (attempt >= attempts || (!whileRefused && databaseRefusedConnections(noConnection))) {
                    throw noConnection;
                }
            }
        }
    }

    /** Whether {@code failure} is a wait for a connection that ran out while the database refused new ones. */
    public static boolean databaseRefusedConnections(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException waitRanOut) {
                return waitRanOut.getCause() != null;
            }
        }
        return false;
    }
}

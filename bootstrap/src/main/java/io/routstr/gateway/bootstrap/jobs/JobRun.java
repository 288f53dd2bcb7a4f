package io.routstr.gateway.bootstrap.jobs;

import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * How a periodic job runs here: a failure (a mint, relay or the database away for a moment) is logged as one warning
 * line and the job runs again at its next interval, rather than a stack trace from the scheduler for every run.
 */
final class JobRun {

    private JobRun() {}

    /** Runs {@code job}; a failure is logged under {@code name} and left to the next run. */
    static void guarded(Logger log, String name, Runnable job) {
        try {
            job.run();
        } catch (RuntimeException e) {
            log.warn("{} failed; it runs again at the next interval: {}", name, e.toString());
        }
    }

    /** {@link #counting(Logger, String, IntSupplier, Level, String)} logging at {@code INFO}. */
    static void counting(Logger log, String name, IntSupplier job, String message) {
        counting(log, name, job, Level.INFO, message);
    }

    /**
     * Runs {@code job}, which answers how many items it handled, and logs {@code message} with that number at
     * {@code level} when it handled any; a failure as {@link #guarded}.
     */
    static void counting(Logger log, String name, IntSupplier job, Level level, String message) {
        guarded(log, name, () -> {
            int handled = job.getAsInt();
            if (handled > 0) {
                log.atLevel(level).log(message, handled);
            }
        });
    }
}

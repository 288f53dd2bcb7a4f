package io.routstr.gateway.application.port.out;

import java.time.Instant;

/**
 * Port: a named lease in the shared database, so that one instance at a time runs a job that moves money (owner
 * payouts, the refund sweep) even when several instances share the database.
 */
public interface JobLeasePort {

    /**
     * Takes or renews lease {@code job} for {@code holder} until {@code until}; true when the caller holds it now, false
     * while another holder's lease has not expired.
     */
    boolean acquire(String job, String holder, Instant until, Instant now);

    /** Gives the lease up if {@code holder} holds it, so the next run need not wait for it to expire. */
    void release(String job, String holder);
}

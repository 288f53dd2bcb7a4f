package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.JobLeasePort;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** {@link JobLeasePort} in memory: a lease is held until the instant it expires, that instant included. */
public final class InMemoryJobLeases implements JobLeasePort {

    private record Lease(String holder, Instant until) {}

    private final Map<String, Lease> leases = new HashMap<>();

    @Override
    public synchronized boolean acquire(String job, String holder, Instant until, Instant now) {
        Lease held = leases.get(job);
        if (held != null && !held.holder().equals(holder) && !held.until().isBefore(now)) {
            return false;
        }
        leases.put(job, new Lease(holder, until));
        return true;
    }

    @Override
    public synchronized void release(String job, String holder) {
        leases.computeIfPresent(job, (name, held) -> held.holder().equals(holder) ? null : held);
    }
}

package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.JobLeasePort;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link JobLeasePort}, for the in-memory fake and PostgreSQL: one holder at a time until its lease
 * expires (the instant of expiry included), renewable by its holder, given up only by its holder.
 */
public abstract class JobLeaseContract {

    private final Instant now = Instant.parse("2026-03-10T12:00:00Z");
    private final Instant later = now.plusSeconds(60);

    private JobLeasePort leases;
    private String job;

    protected abstract JobLeasePort leases();

    @BeforeEach
    void aFreshJob() {
        leases = leases();
        job = "job-" + UUID.randomUUID();
    }

    @Test
    void aFreeLeaseIsTaken_andAnotherHolderIsRefusedUntilItExpires() {
        assertThat(leases.acquire(job, "a", later, now)).isTrue();

        assertThat(leases.acquire(job, "b", later.plusSeconds(60), now)).isFalse();
        assertThat(leases.acquire(job, "b", later.plusSeconds(60), later.minusSeconds(1)))
                .isFalse();
    }

    @Test
    void atTheInstantItExpiresTheLeaseIsStillHeld_andJustAfterItIsTakenOver() {
        leases.acquire(job, "a", later, now);

        assertThat(leases.acquire(job, "b", later.plusSeconds(60), later)).isFalse();
        assertThat(leases.acquire(job, "b", later.plusSeconds(60), later.plusMillis(1)))
                .isTrue();
        assertThat(leases.acquire(job, "a", later.plusSeconds(60), later.plusMillis(2)))
                .isFalse();
    }

    @Test
    void theHolderRenewsItsOwnLease() {
        leases.acquire(job, "a", later, now);

        assertThat(leases.acquire(job, "a", later.plusSeconds(60), later.minusSeconds(1)))
                .isTrue();
        assertThat(leases.acquire(job, "b", later.plusSeconds(120), later.plusSeconds(30)))
                .isFalse();
    }

    @Test
    void releasedByItsHolder_theLeaseIsFreeAtOnce() {
        leases.acquire(job, "a", later, now);

        leases.release(job, "a");

        assertThat(leases.acquire(job, "b", later, now)).isTrue();
    }

    @Test
    void anotherHolderCannotReleaseALease() {
        leases.acquire(job, "a", later, now);

        leases.release(job, "b");

        assertThat(leases.acquire(job, "b", later, now)).isFalse();
    }

    @Test
    void leasesOfDifferentJobsAreIndependent() {
        leases.acquire(job, "a", later, now);

        assertThat(leases.acquire(job + "-other", "b", later, now)).isTrue();
    }
}

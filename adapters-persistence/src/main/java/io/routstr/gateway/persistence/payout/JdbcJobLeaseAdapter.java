package io.routstr.gateway.persistence.payout;

import io.routstr.gateway.application.port.out.JobLeasePort;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Job leases in {@code job_leases}: one upsert that takes a free or expired lease, or renews the caller's own, so two
 * instances asking at once cannot both get it.
 */
@Component
record JdbcJobLeaseAdapter(JdbcClient jdbc) implements JobLeasePort {

    @Override
    public boolean acquire(String job, String holder, Instant until, Instant now) {
        return jdbc.sql("""
                        INSERT INTO job_leases (name, holder, expires_at) VALUES (:job, :holder, :until)
                        ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
                        WHERE job_leases.expires_at < :now OR job_leases.holder = EXCLUDED.holder
                        """)
                        .param("job", job)
                        .param("holder", holder)
                        .param("until", Timestamp.from(until))
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    @Override
    public void release(String job, String holder) {
        jdbc.sql("DELETE FROM job_leases WHERE name = :job AND holder = :holder")
                .param("job", job)
                .param("holder", holder)
                .update();
    }
}

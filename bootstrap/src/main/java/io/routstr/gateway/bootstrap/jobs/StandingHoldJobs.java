package io.routstr.gateway.bootstrap.jobs;

import io.routstr.gateway.application.port.in.billing.ReleaseStandingHoldsUseCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gives back the holds this instance keeps for keys' next requests: each second those no request took over within the
 * idle time, and all of them when the instance stops, after the web server has finished its requests (a lower phase
 * stops later) and before the database pool closes (beans are destroyed after every lifecycle stopped). A crash leaves
 * them to the other instances' stale-reservation sweep, as any hold of a dead instance.
 */
@Component
class StandingHoldJobs implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StandingHoldJobs.class);

    /** Below the web server's graceful shutdown ({@code SmartLifecycle.DEFAULT_PHASE - 1024}): stopped after it. */
    private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final ReleaseStandingHoldsUseCase standing;
    private volatile boolean running;

    StandingHoldJobs(ReleaseStandingHoldsUseCase standing) {
        this.standing = standing;
    }

    @Scheduled(fixedDelayString = "${routstr.jobs.standing-hold-sweep-interval:1s}")
    void releaseIdle() {
        JobRun.counting(
                log, "standing hold release", standing::releaseIdle, Level.DEBUG, "Released {} idle standing holds");
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        JobRun.counting(log, "standing hold release at shutdown", standing::releaseAll, "Released {} standing holds");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}

package io.routstr.gateway.bootstrap.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.routstr.gateway.application.port.out.WorkAdmissionPort;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the paid requests refused a turn at work in {@code routstr_overload_shed_total{signal="work"}}, beside the
 * saturation signals that shed before a request reaches its use case, and logs it at most once a second as they do,
 * so that an operator, and a burst's benchmark, can tell which bound shed.
 */
public final class MeteredWorkAdmission implements WorkAdmissionPort {

    /** The one meter of every shed, its {@code signal} tag saying which bound shed; registered in several places. */
    public static final String SHED_METER = "routstr.overload.shed";

    public static final String SHED_DESCRIPTION =
            "New requests shed with 503 node_overloaded, by the saturation signal that shed them";

    private static final Logger LOG = LoggerFactory.getLogger(MeteredWorkAdmission.class);
    private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    private final WorkAdmissionPort delegate;
    private final Counter shed;
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

    public MeteredWorkAdmission(WorkAdmissionPort delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.shed = Counter.builder(SHED_METER)
                .description(SHED_DESCRIPTION)
                .tag("signal", "work")
                .register(registry);
    }

    @Override
    public Optional<WorkTurn> enter() {
        Optional<WorkTurn> turn = delegate.enter();
        if (turn.isEmpty()) {
            countShed();
        }
        return turn;
    }

    /** Counts a paid request refused a turn elsewhere: one that waited at Jetty's door, without a thread. */
    public void countShed() {
        shed.increment();
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastLogged.compareAndSet(last, now)) {
            LOG.warn(
                    "Shedding new requests (503 node_overloaded): work saturated, {} shed so far", (long) shed.count());
        }
    }
}

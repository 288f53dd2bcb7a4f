package io.routstr.gateway.bootstrap.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.routstr.gateway.application.port.out.WorkAdmissionPort;
import java.util.Optional;

/**
 * Counts the paid requests refused a turn at work in {@code routstr_overload_shed_total{signal="work"}}, beside the
 * saturation signals that shed before a request reaches its use case, so that one counter says which bound shed.
 */
public final class MeteredWorkAdmission implements WorkAdmissionPort {

    private final WorkAdmissionPort delegate;
    private final Counter shed;

    public MeteredWorkAdmission(WorkAdmissionPort delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.shed = Counter.builder("routstr.overload.shed")
                .description("New requests shed with 503 node_overloaded, by the saturation signal that shed them")
                .tag("signal", "work")
                .register(registry);
    }

    @Override
    public Optional<WorkTurn> enter() {
        Optional<WorkTurn> turn = delegate.enter();
        if (turn.isEmpty()) {
            shed.increment();
        }
        return turn;
    }
}

package io.routstr.gateway.rest.limits;

import io.routstr.gateway.application.port.out.WorkAdmissionPort.WorkTurn;
import jakarta.servlet.ServletRequest;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A paid request the node's door let in before the servlet context (under Jetty): its in-flight permit taken and its
 * turn at work granted while it waited without a thread. Carried as a request attribute, so that the servlet filter
 * does not ask the door's signals or take a permit again, and the paid path takes this turn instead of queueing a
 * second time ({@link TurnsTakenAtTheDoor}).
 */
public final class TurnAtTheDoor {

    public static final String ATTRIBUTE = TurnAtTheDoor.class.getName();

    private final AtomicReference<WorkTurn> turn;

    public TurnAtTheDoor(WorkTurn turn) {
        this.turn = new AtomicReference<>(turn);
    }

    /** The request's turn, once: a second call (a request that asks for work twice) finds none. */
    WorkTurn take() {
        return turn.getAndSet(null);
    }

    /** The door's admission of this request, or null if it came in otherwise (Tomcat, a route that is not paid). */
    static TurnAtTheDoor of(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof TurnAtTheDoor admitted ? admitted : null;
    }
}

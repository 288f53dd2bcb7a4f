package io.routstr.gateway.rest.limits;

import io.routstr.gateway.application.port.out.WorkAdmissionPort;
import java.util.Optional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The paid path's turns at work: the one the node's door granted the request being served ({@link TurnAtTheDoor}),
 * or else one from the queue, waited for on the request's thread (under Tomcat, and for a request the door did not
 * queue). A request served on the servlet's thread finds its attributes through Spring's request context.
 */
public final class TurnsTakenAtTheDoor implements WorkAdmissionPort {

    private final WorkAdmissionPort queue;

    public TurnsTakenAtTheDoor(WorkAdmissionPort queue) {
        this.queue = queue;
    }

    @Override
    public Optional<WorkTurn> enter() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null
                && request.getAttribute(TurnAtTheDoor.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST)
                        instanceof TurnAtTheDoor admitted) {
            WorkTurn turn = admitted.take();
            if (turn != null) {
                return Optional.of(turn);
            }
        }
        return queue.enter();
    }
}

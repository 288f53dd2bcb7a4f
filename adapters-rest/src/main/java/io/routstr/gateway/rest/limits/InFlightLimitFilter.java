package io.routstr.gateway.rest.limits;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.rest.support.RequestIdFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers overload instead of queueing it: a request finds one of {@link InFlightLimits#maxConcurrent()} permits
 * within {@link InFlightLimits#queueTimeout()} (if no more than {@link #MAX_WAITING} others are waiting for one) or is
 * answered 503 {@code node_overloaded} with {@code Retry-After} at once, before authentication, so a shed request never
 * reserves a msat. A paid request is shed at once too while the queue for turns at work turns newcomers away
 * ({@link PaidWorkSaturation}), before Spring's dispatch costs anything ({@link OverloadDoor}, which Jetty asks even
 * before the servlet context). A new request is also shed at once while the
 * {@link Saturation} signal says the node's own resources are exhausted (many times more requests waiting for a
 * database connection than the pool holds): those already in flight then get the connections they need to settle,
 * instead of queueing behind newcomers until the pool's wait runs out between their reservation and their settlement.
 * The orchestrators' probes ({@code /livez}, {@code /readyz}) pass without a permit: a node shedding load is alive.
 *
 * <p>Without a bound, every request the server accepts (each on its own virtual thread) queues for one of the few
 * database connections, and a burst beyond capacity turns into waits of many seconds for all of them.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class InFlightLimitFilter extends OncePerRequestFilter {

    /** Requests that may wait for a permit at once ({@link InFlightPermits#MAX_WAITING}). */
    static final int MAX_WAITING = InFlightPermits.MAX_WAITING;

    private final InFlightPermits permits;
    private final OverloadDoor door;

    /** Whether a resource every request needs is exhausted now, so that a new request would only queue for it. */
    @FunctionalInterface
    public interface Saturation {
        boolean saturated();

        Saturation NEVER = () -> false;
    }

    /**
     * Whether new paid requests are turned away now, though others may come in: the queue for turns at work is
     * overloaded and holds as many waiters as it keeps ({@link BoundedWork#turnsAway()}). A type of its own, not a
     * second {@link Saturation}, so that the node's wiring cannot hand one signal in for the other.
     */
    @FunctionalInterface
    public interface PaidWorkSaturation {
        boolean saturated();

        /**
         * A paid request was shed for want of an in-flight permit, before it could join the queue for turns at work
         * ({@link BoundedWork#shedBeforeJoining()}): the queue counts it as a newcomer it turned away.
         */
        default void shedBeforeJoining() {}

        PaidWorkSaturation NEVER = () -> false;
    }

    public InFlightLimitFilter(InFlightLimits limits, Saturation saturation, ObjectMapper mapper) {
        this(limits, saturation, PaidWorkSaturation.NEVER, mapper);
    }

    public InFlightLimitFilter(
            InFlightLimits limits, Saturation saturation, PaidWorkSaturation paidWork, ObjectMapper mapper) {
        this(limits, new OverloadDoor(saturation, paidWork, mapper));
    }

    public InFlightLimitFilter(InFlightLimits limits, OverloadDoor door) {
        this(new InFlightPermits(limits), door);
    }

    @Autowired
    public InFlightLimitFilter(InFlightPermits permits, OverloadDoor door) {
        this.permits = permits;
        this.door = door;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return OverloadDoor.isProbe(pathOf(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (TurnAtTheDoor.of(request) != null) {
            // Under Jetty the door asked the same signals, took this paid request's permit and its turn at work.
            chain.doFilter(request, response);
            return;
        }
        String method = request.getMethod();
        String path = pathOf(request);
        Optional<OverloadDoor.Shed> shed = door.shedsAtOnce(method, path);
        if (shed.isPresent()) {
            shed(shed.get(), request, response);
            return;
        }
        if (!permits.acquire()) {
            if (PaidRoutes.isPaid(method, path)) {
                door.paidRequestShedBeforeJoining();
            }
            shed(OverloadDoor.Shed.OVERLOADED, request, response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            permits.release();
        }
    }

    /** Requests in flight now; exported as a gauge. */
    public int inFlight() {
        return permits.inFlight();
    }

    /**
     * Requests shed so far because no permit came free within the queue timeout ({@code MAX_CONCURRENT_REQUESTS} in
     * flight), here or at the door; those shed by the {@link Saturation} signal are counted by the signal. Exported
     * beside them.
     */
    public long shedWithoutPermit() {
        return permits.shedWithoutPermit();
    }

    /** Requests waiting for a permit now, at most {@link #MAX_WAITING}. */
    int waitingForPermit() {
        return permits.waiting();
    }

    private void shed(OverloadDoor.Shed shed, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        byte[] answer = door.answer(shed, RequestIdFilter.idOf(request));
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, shed.retryAfterSeconds());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
    }

    private static String pathOf(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}

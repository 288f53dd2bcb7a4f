package io.routstr.gateway.rest.limits;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.rest.error.ApiError;
import io.routstr.gateway.rest.limits.InFlightLimitFilter.PaidWorkSaturation;
import io.routstr.gateway.rest.limits.InFlightLimitFilter.Saturation;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * Which new requests the node sheds at once, told by their method and path alone, and the answer they get: 503
 * {@code node_overloaded} with {@code Retry-After}. Every request while the node's own resources are exhausted
 * ({@link Saturation}), and a paid request while the queue for turns at work turns newcomers away
 * ({@link PaidWorkSaturation}); never the orchestrators' probes ({@code /livez}, {@code /readyz}): a node shedding
 * load is alive.
 *
 * <p>Apart from {@link InFlightLimitFilter} so that a servlet container can ask it before it dispatches a request to
 * the servlet at all (under Jetty, the node's door in front of the servlet context): in a flood the node sheds tens of
 * thousands of requests a second, and through the servlet chain each cost it 27-34 µs of CPU, at the door 20-25 µs
 * (scripts/bench/shed.sh; docs/benchmarks.md, session 34). The filter asks it too, for the container that has no
 * door and for a request that came through the door just before the signal turned.
 */
public final class OverloadDoor {

    /** Seconds a shed client is told to wait: in-flight requests here finish in about that time. */
    public static final String RETRY_AFTER_SECONDS = "1";

    private static final Set<String> PROBES = Set.of("/livez", "/readyz");

    private final Saturation saturation;
    private final PaidWorkSaturation paidWork;
    private final ObjectMapper mapper;

    public OverloadDoor(Saturation saturation, PaidWorkSaturation paidWork, ObjectMapper mapper) {
        this.saturation = saturation;
        this.paidWork = paidWork;
        this.mapper = mapper;
    }

    /**
     * Whether a new request with this method and path (within the servlet context, undecoded) is shed at once. A
     * request shed here is counted by the signal that shed it.
     */
    public boolean shedsAtOnce(String method, String path) {
        if (isProbe(path)) {
            return false;
        }
        return saturation.saturated() || (PaidRoutes.isPaid(method, path) && paidWork.saturated());
    }

    /** Whether a request with this method and path (within the servlet context) will need a turn at work. */
    public boolean isPaid(String method, String path) {
        return PaidRoutes.isPaid(method, path);
    }

    /** Whether the path is an orchestrator's probe, which passes every bound. */
    static boolean isProbe(String path) {
        return PROBES.contains(path);
    }

    /** Tells the queue for turns at work of a paid request shed for want of an in-flight permit. */
    public void paidRequestShedBeforeJoining() {
        paidWork.shedBeforeJoining();
    }

    /** The shed request's body: OpenAI's error shape, with the request's id. */
    public byte[] answer(String requestId) {
        try {
            return mapper.writeValueAsBytes(ApiError.of(
                    "The node is at capacity; retry after " + RETRY_AFTER_SECONDS + " s",
                    "api_error",
                    "node_overloaded",
                    requestId));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

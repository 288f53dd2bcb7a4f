package io.routstr.gateway.rest.limits;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.rest.error.ApiError;
import io.routstr.gateway.rest.error.ErrorResponses;
import io.routstr.gateway.rest.limits.InFlightLimitFilter.PaidWorkSaturation;
import io.routstr.gateway.rest.limits.InFlightLimitFilter.Saturation;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;

/**
 * Which new requests the node sheds at once, told by their method and path alone, and the answer they get: 503 with
 * {@code Retry-After}. Every request while the node's own resources are exhausted ({@link Saturation}), and a paid
 * request while the queue for turns at work turns newcomers away ({@link PaidWorkSaturation}), answered
 * {@code node_overloaded}; a paid request while the database is out of reach ({@link DatabaseOutage}), answered
 * {@code database_unavailable}, before it reads, redeems or holds anything, rather than after a wait for a connection
 * that does not come; never the orchestrators' probes ({@code /livez}, {@code /readyz}): a node shedding load is
 * alive.
 *
 * <p>Apart from {@link InFlightLimitFilter} so that a servlet container can ask it before it dispatches a request to
 * the servlet at all (under Jetty, the node's door in front of the servlet context): in a flood the node sheds tens of
 * thousands of requests a second, and through the servlet chain each cost it 27-34 µs of CPU, at the door 20-25 µs
 * (scripts/bench/shed.sh; docs/benchmarks.md, session 34). The filter asks it too, for the container that has no
 * door and for a request that came through the door just before the signal turned.
 */
public final class OverloadDoor {

    /** Seconds a client shed for want of capacity is told to wait: requests in flight finish in about that time. */
    private static final String RETRY_AFTER_SECONDS = "1";

    private static final Set<String> PROBES = Set.of("/livez", "/readyz");

    private static final Optional<Shed> OVERLOADED = Optional.of(Shed.OVERLOADED);
    private static final Optional<Shed> DATABASE_UNAVAILABLE = Optional.of(Shed.DATABASE_UNAVAILABLE);

    /** Why a request is shed at once, and what it is told. */
    public enum Shed {
        /** The node's cores, pool, writer or queue for turns at work: come back in a second. */
        OVERLOADED(
                "node_overloaded",
                "The node is at capacity; retry after " + RETRY_AFTER_SECONDS + " s",
                RETRY_AFTER_SECONDS),
        /** The database is out of reach: what the REST advice tells a request that waited for a connection. */
        DATABASE_UNAVAILABLE(
                ErrorResponses.DATABASE_UNAVAILABLE,
                ErrorResponses.DATABASE_UNAVAILABLE_MESSAGE,
                Integer.toString(ErrorResponses.DATABASE_UNAVAILABLE_RETRY_SECONDS));

        private final String code;
        private final String message;
        private final String retryAfterSeconds;

        Shed(String code, String message, String retryAfterSeconds) {
            this.code = code;
            this.message = message;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        /** The {@code Retry-After} header's value. */
        public String retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** Whether the database is out of reach now, so that a new paid request could only wait for it and fail. */
    @FunctionalInterface
    public interface DatabaseOutage {
        boolean ongoing();

        DatabaseOutage NEVER = () -> false;
    }

    private final Saturation saturation;
    private final PaidWorkSaturation paidWork;
    private final DatabaseOutage database;
    private final ObjectMapper mapper;

    public OverloadDoor(Saturation saturation, PaidWorkSaturation paidWork, ObjectMapper mapper) {
        this(saturation, paidWork, DatabaseOutage.NEVER, mapper);
    }

    public OverloadDoor(
            Saturation saturation, PaidWorkSaturation paidWork, DatabaseOutage database, ObjectMapper mapper) {
        this.saturation = saturation;
        this.paidWork = paidWork;
        this.database = database;
        this.mapper = mapper;
    }

    /**
     * Why a new request with this method and path (within the servlet context, undecoded) is shed at once, if it is.
     * A request shed here is counted by the signal that shed it.
     */
    public Optional<Shed> shedsAtOnce(String method, String path) {
        if (isProbe(path)) {
            return Optional.empty();
        }
        boolean paid = PaidRoutes.isPaid(method, path);
        if (paid && database.ongoing()) {
            return DATABASE_UNAVAILABLE;
        }
        if (saturation.saturated() || (paid && paidWork.saturated())) {
            return OVERLOADED;
        }
        return Optional.empty();
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
    public byte[] answer(Shed shed, String requestId) {
        try {
            return mapper.writeValueAsBytes(ApiError.of(shed.message, "api_error", shed.code, requestId));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

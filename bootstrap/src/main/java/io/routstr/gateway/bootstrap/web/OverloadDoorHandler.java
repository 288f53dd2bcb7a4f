package io.routstr.gateway.bootstrap.web;

import io.routstr.gateway.application.port.out.WorkAdmissionPort.WorkTurn;
import io.routstr.gateway.rest.limits.BoundedWork;
import io.routstr.gateway.rest.limits.OverloadDoor;
import io.routstr.gateway.rest.limits.TurnAtTheDoor;
import io.routstr.gateway.rest.support.RequestIdFilter;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;

/**
 * Jetty's door: a new request the node sheds at once ({@link OverloadDoor}) is answered here, in front of the servlet
 * context, with the same 503 {@code node_overloaded}, {@code Retry-After} and {@code x-routstr-request-id} as the
 * servlet filter would write. In a flood at twice capacity the node sheds tens of thousands of requests a second;
 * through the servlet context each went through the servlet request's set-up, the request-id and observation filters
 * and Jackson's writer before its answer: 27-34 µs of the node's CPU each, 20-25 µs here (scripts/bench/shed.sh;
 * docs/benchmarks.md, session 34).
 *
 * <p>A paid request that is not shed at once is admitted here too ({@link PaidRequestAdmission}): it takes its
 * in-flight permit, then waits for its turn at work <em>without a thread</em> ({@link BoundedWork#enter(
 * BoundedWork.Arrival)}), and reaches the servlet context only with its turn ({@link TurnAtTheDoor}, which the
 * servlet filter and the paid path take instead of asking again). A waiter parked in the servlet chain held a
 * virtual thread with a deep stack, which the collector copied while a flood's pile of thousands formed (young pauses
 * of 80-270 ms), and a waiter shed there was answered through Spring's dispatch and writers: after a flood's trim of
 * its pile, most of the node's samples for 2-4 s (docs/benchmarks.md, session 35). A waiter shed here is answered as
 * a request shed at once. The permit and the turn are given back when the request's answer completes, whatever
 * happened to it (the paid path gives the turn back earlier, at its hold).
 *
 * <p>A request shed here is counted by the signal that shed it ({@code routstr_overload_shed_total}); it is not in
 * {@code http_server_requests_seconds}, which the servlet context's observation filter records.
 */
final class OverloadDoorHandler extends Handler.Wrapper {

    private static final String JSON = "application/json";

    private final OverloadDoor door;
    private final String contextPath;
    /** Null: paid requests pass to the servlet context, which admits them (a node without the queue's beans). */
    private final PaidRequestAdmission admission;
    /** Runs a request that waited for its turn, on a virtual thread of its own (Jetty's, as for any request). */
    private Executor requests;

    OverloadDoorHandler(OverloadDoor door, String contextPath) {
        this(door, contextPath, null);
    }

    OverloadDoorHandler(OverloadDoor door, String contextPath, PaidRequestAdmission admission) {
        this.door = door;
        this.contextPath = contextPath == null ? "" : contextPath;
        this.admission = admission;
    }

    @Override
    protected void doStart() throws Exception {
        Executor pool = getServer().getThreadPool();
        Executor virtual = VirtualThreads.getVirtualThreadsExecutor(pool);
        requests = virtual != null ? virtual : pool;
        super.doStart();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        if (path == null || !path.startsWith(contextPath)) {
            return super.handle(request, response, callback);
        }
        String method = request.getMethod();
        String inContext = path.substring(contextPath.length());
        Optional<OverloadDoor.Shed> shed = door.shedsAtOnce(method, inContext);
        if (shed.isPresent()) {
            answerShed(shed.get(), response, callback);
            return true;
        }
        if (admission == null || !door.isPaid(method, inContext)) {
            return super.handle(request, response, callback);
        }
        return admitPaid(request, response, callback);
    }

    /** A paid request: its permit now, then its turn at work, now or later, without holding a thread meanwhile. */
    private boolean admitPaid(Request request, Response response, Callback callback) throws Exception {
        if (!admission.permits().acquire()) {
            door.paidRequestShedBeforeJoining();
            answerOverloaded(response, callback);
            return true;
        }
        Admitted admitted = new Admitted(System.nanoTime());
        Optional<WorkTurn> now;
        try {
            now = admission.work().enter(new BoundedWork.Arrival() {
                @Override
                public void granted(WorkTurn turn) {
                    admitted.granted(turn);
                    hand(admitted, callback, () -> passOnLater(admitted, request, response, callback));
                }

                @Override
                public void refused() {
                    hand(admitted, callback, () -> {
                        admitted.finish();
                        admission.workShed().run();
                        answerOverloaded(response, callback);
                    });
                }
            });
        } catch (RuntimeException | Error e) {
            admitted.finish();
            throw e;
        }
        if (now.isEmpty()) {
            return true; // told later, on another thread
        }
        admitted.granted(now.get());
        boolean handled;
        try {
            handled = passOn(admitted, request, response, callback);
        } catch (Exception | Error e) {
            admitted.finish();
            throw e;
        }
        if (!handled) {
            admitted.finish();
        }
        return handled;
    }

    /**
     * Runs what the queue told a waiting request on a thread of its own: the queue tells it under its lock, on the
     * thread of another request giving its turn back. A server stopping refuses new threads: the request then gives
     * its permit and turn back and fails, rather than the other request's giving back.
     */
    private void hand(Admitted admitted, Callback callback, Runnable next) {
        try {
            requests.execute(next);
        } catch (RejectedExecutionException e) {
            admitted.finish();
            callback.failed(e);
        }
    }

    /** A request granted its turn after it waited: the door returned long ago, so it completes the callback itself. */
    private void passOnLater(Admitted admitted, Request request, Response response, Callback callback) {
        try {
            if (!passOn(admitted, request, response, callback)) {
                admitted.finish();
                Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
            }
        } catch (Throwable x) {
            admitted.finish();
            callback.failed(x);
        }
    }

    private boolean passOn(Admitted admitted, Request request, Response response, Callback callback) throws Exception {
        request.setAttribute(TurnAtTheDoor.ATTRIBUTE, new TurnAtTheDoor(admitted.turn));
        return super.handle(request, response, Callback.from(callback, admitted::finish));
    }

    private void answerOverloaded(Response response, Callback callback) {
        answerShed(OverloadDoor.Shed.OVERLOADED, response, callback);
    }

    private void answerShed(OverloadDoor.Shed shed, Response response, Callback callback) {
        String requestId = RequestIdFilter.newId();
        byte[] answer = door.answer(shed, requestId);
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.RETRY_AFTER, shed.retryAfterSeconds());
        headers.put(RequestIdFilter.HEADER, requestId);
        headers.put(HttpHeader.CONTENT_TYPE, JSON);
        headers.put(HttpHeader.CONTENT_LENGTH, answer.length);
        response.write(true, ByteBuffer.wrap(answer), callback);
    }

    /** A paid request's permit and turn, each given back once, whichever way the request ends. */
    private final class Admitted {
        /** When it reached the door ({@link System#nanoTime()}). */
        private final long arrived;
        /** Null until granted. Written before the request is passed on; read when it completes. */
        volatile WorkTurn turn;

        private final AtomicBoolean finished = new AtomicBoolean();

        Admitted(long arrived) {
            this.arrived = arrived;
        }

        void granted(WorkTurn turn) {
            this.turn = turn;
            admission.turnWait().record(System.nanoTime() - arrived, TimeUnit.NANOSECONDS);
        }

        void finish() {
            if (finished.compareAndSet(false, true)) {
                WorkTurn granted = turn;
                if (granted != null) {
                    granted.leave();
                }
                admission.permits().release();
            }
        }
    }
}

package io.routstr.gateway.bootstrap.web;

import io.micrometer.core.instrument.Timer;
import io.routstr.gateway.rest.limits.BoundedWork;
import io.routstr.gateway.rest.limits.InFlightPermits;

/**
 * What Jetty's door needs to admit a paid request itself: the in-flight permits the servlet filter would take, the
 * queue for turns at work the paid path would wait in, the meter of the queue's sheds
 * ({@code routstr_overload_shed_total{signal="work"}}), and the timer of the admitted requests' waits for their turn
 * ({@code routstr_work_queue_wait_seconds}: a wait at the door comes before the servlet context's
 * {@code http_server_requests_seconds} starts).
 */
public record PaidRequestAdmission(InFlightPermits permits, BoundedWork work, Runnable workShed, Timer turnWait) {}

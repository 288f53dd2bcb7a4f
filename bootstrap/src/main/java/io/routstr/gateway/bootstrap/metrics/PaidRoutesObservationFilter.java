package io.routstr.gateway.bootstrap.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import io.micrometer.observation.ObservationRegistry;
import io.routstr.gateway.rest.proxy.PlainPaidPosts;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Spring's request observation ({@code http_server_requests}), with the paid routes' plain POSTs timed directly into
 * the same series. For every request the observation builds a context, its key values and a scope, and at its end
 * looks its timer up by sorting those tags again: 4.8 % of the node's CPU samples at 64 connections, the largest layer
 * in front of the paid path (docs/benchmarks.md, session 44, "…the paid routes' request metric timed directly"). The paid
 * routes' series are few (a route, a status, an exception), so their timers are kept here and recorded straight
 * away, with the tags the observation gives them: {@code exception}, {@code method}, {@code outcome}, {@code status},
 * {@code uri} (the route's pattern), {@code error}, and the registry's common tags. Every other request is observed as
 * before.
 */
final class PaidRoutesObservationFilter extends ServerHttpObservationFilter {

    private static final String NONE = "none";

    private final String name;
    private final MeterRegistry meters;
    private final Map<Series, Timer> timers = new ConcurrentHashMap<>();

    PaidRoutesObservationFilter(
            ObservationRegistry observations,
            ServerRequestObservationConvention convention,
            String name,
            MeterRegistry meters) {
        super(observations, convention);
        this.name = name;
        this.meters = meters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        PlainPaidPosts.Route route = PlainPaidPosts.route(request);
        if (route == null) {
            super.doFilterInternal(request, response, chain);
            return;
        }
        long started = System.nanoTime();
        Throwable error = null;
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException failed) {
            // As the observation records a failure that leaves the chain: its cause, and the answer a 500.
            error = failed instanceof ServletException && failed.getCause() != null ? failed.getCause() : failed;
            response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.value());
            throw failed;
        } finally {
            timer(new Series(route.path(), response.getStatus(), exceptionName(error)))
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(Series series) {
        Timer timer = timers.get(series);
        return timer != null ? timer : timers.computeIfAbsent(series, this::register);
    }

    private Timer register(Series series) {
        return Timer.builder(name)
                .tags(Tags.of(
                        "exception", series.exception(),
                        "method", "POST",
                        "outcome", Outcome.forStatus(series.status()).name(),
                        "status", Integer.toString(series.status()),
                        "uri", series.route(),
                        "error", series.exception()))
                .register(meters);
    }

    /** What the observation names a failure by: its class's simple name, else its name. */
    private static String exceptionName(Throwable error) {
        if (error == null) {
            return NONE;
        }
        String simpleName = error.getClass().getSimpleName();
        return StringUtils.hasText(simpleName) ? simpleName : error.getClass().getName();
    }

    private record Series(String route, int status, String exception) {}
}

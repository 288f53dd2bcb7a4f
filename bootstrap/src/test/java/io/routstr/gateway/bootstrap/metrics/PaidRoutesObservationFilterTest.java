package io.routstr.gateway.bootstrap.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The paid routes' plain POSTs are timed directly into the series Spring's observation would have recorded them in:
 * a browser's POST to the same route, observed, lands in the very same timer, served, refused or failed.
 */
class PaidRoutesObservationFilterTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ObservationRegistry observations = ObservationRegistry.create();
    private final AtomicInteger observed = new AtomicInteger();
    private final PaidRoutesObservationFilter filter;

    PaidRoutesObservationFilterTest() {
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        observations.observationConfig().observationHandler(context -> {
            observed.incrementAndGet();
            return false; // counts what is offered, handles nothing
        });
        filter = new PaidRoutesObservationFilter(
                observations,
                new DefaultServerRequestObservationConvention("http.server.requests"),
                "http.server.requests",
                meters);
    }

    @Test
    void aPlainPostIsTimedWithoutAnObservation_inTheSeriesABrowsersIsObservedIn() throws Exception {
        filter.doFilter(plainPost(), new MockHttpServletResponse(), answering(200));
        assertThat(observed).as("no observation for the plain POST").hasValue(0);
        filter.doFilter(browsersPost(), new MockHttpServletResponse(), answering(200));
        assertThat(observed).as("the browser's is observed").hasPositiveValue();

        filter.doFilter(plainPost(), new MockHttpServletResponse(), answering(402));
        filter.doFilter(browsersPost(), new MockHttpServletResponse(), answering(402));

        assertThat(timers())
                .extracting(meter -> meter.getId().getTags().toString())
                .containsExactlyInAnyOrder(
                        "[tag(error=none), tag(exception=none), tag(method=POST), tag(outcome=SUCCESS), tag(status=200),"
                                + " tag(uri=/v1/chat/completions)]",
                        "[tag(error=none), tag(exception=none), tag(method=POST), tag(outcome=CLIENT_ERROR),"
                                + " tag(status=402), tag(uri=/v1/chat/completions)]");
        assertThat(timers())
                .allSatisfy(timer -> assertThat(meters.get("http.server.requests")
                                .tags(timer.getId().getTags())
                                .timer()
                                .count())
                        .isEqualTo(2));
    }

    @Test
    void aFailureThatLeavesTheChainIsCountedAsA500WithItsName_asTheObservationCountsIt() throws Exception {
        FilterChain failing = (request, response) -> {
            route(request);
            throw new IllegalStateException("injected");
        };
        assertThatThrownBy(() -> filter.doFilter(plainPost(), new MockHttpServletResponse(), failing))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> filter.doFilter(browsersPost(), new MockHttpServletResponse(), failing))
                .isInstanceOf(IllegalStateException.class);

        assertThat(timers()).singleElement().satisfies(timer -> {
            assertThat(timer.getId().getTag("status")).isEqualTo("500");
            assertThat(timer.getId().getTag("outcome")).isEqualTo("SERVER_ERROR");
            assertThat(timer.getId().getTag("exception")).isEqualTo("IllegalStateException");
            assertThat(timer.getId().getTag("error")).isEqualTo("IllegalStateException");
            assertThat(meters.get("http.server.requests")
                            .tags(timer.getId().getTags())
                            .timer()
                            .count())
                    .isEqualTo(2);
        });
    }

    @Test
    void anythingElseIsObserved() throws Exception {
        MockHttpServletRequest get = new MockHttpServletRequest("GET", "/v1/models");
        filter.doFilter(get, new MockHttpServletResponse(), (request, response) -> {});
        MockHttpServletRequest otherPath = new MockHttpServletRequest("POST", "/v1/chat/completions/");
        filter.doFilter(otherPath, new MockHttpServletResponse(), (request, response) -> {});

        assertThat(observed).hasValue(2);
    }

    private List<Meter> timers() {
        return meters.find("http.server.requests").meters().stream().toList();
    }

    private static MockHttpServletRequest plainPost() {
        return new MockHttpServletRequest("POST", "/v1/chat/completions");
    }

    private static MockHttpServletRequest browsersPost() {
        MockHttpServletRequest request = plainPost();
        request.addHeader("Origin", "https://chat.example");
        return request;
    }

    /** The paid route's work as the chain does it: tags the observation (if any) with its pattern, then answers. */
    private static FilterChain answering(int status) {
        return (request, response) -> {
            route(request);
            ((HttpServletResponse) response).setStatus(status);
        };
    }

    private static void route(jakarta.servlet.ServletRequest request) {
        ServerHttpObservationFilter.findObservationContext((jakarta.servlet.http.HttpServletRequest) request)
                .ifPresent(context -> context.setPathPattern("/v1/chat/completions"));
    }
}

package io.routstr.gateway.rest.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Requests beyond the node's capacity are answered 503 with Retry-After at once, never queued without bound. */
class InFlightLimitFilterTest {

    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch inside = new CountDownLatch(1);
    private final CountDownLatch finish = new CountDownLatch(1);
    private final AtomicInteger served = new AtomicInteger();

    @AfterEach
    void stop() {
        finish.countDown();
        pool.shutdownNow();
    }

    /** A request that stays in flight until the test lets it finish, as a long stream does. */
    private final FilterChain holding = (request, response) -> {
        served.incrementAndGet();
        inside.countDown();
        try {
            finish.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    };

    private final FilterChain quick = (request, response) -> served.incrementAndGet();

    private static InFlightLimitFilter filter(int max, Duration queueTimeout) {
        return new InFlightLimitFilter(
                new InFlightLimits(max, queueTimeout), InFlightLimitFilter.Saturation.NEVER, new ObjectMapper());
    }

    private static MockHttpServletResponse run(InFlightLimitFilter filter, String path, FilterChain chain)
            throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("POST", path), response, chain);
        return response;
    }

    private Future<MockHttpServletResponse> hold(InFlightLimitFilter filter) throws Exception {
        Future<MockHttpServletResponse> held = pool.submit(() -> run(filter, "/v1/chat/completions", holding));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        return held;
    }

    @Test
    void givenOneRequestAllowed_aSecondWhileTheFirstIsInFlightIs503WithRetryAfterAndNeverServed() throws Exception {
        InFlightLimitFilter filter = filter(1, Duration.ofMillis(20));
        hold(filter);

        MockHttpServletResponse shed = run(filter, "/v1/chat/completions", quick);

        assertThat(shed.getStatus()).isEqualTo(503);
        assertThat(shed.getHeader("Retry-After")).isEqualTo("1");
        assertThat(shed.getContentType()).startsWith("application/json");
        assertThat(shed.getContentAsString())
                .contains("\"code\":\"node_overloaded\"")
                .contains("\"type\":\"api_error\"")
                .contains("\"request_id\"");
        assertThat(served).hasValue(1);
        assertThat(filter.inFlight()).isEqualTo(1);
        assertThat(filter.shedWithoutPermit()).isEqualTo(1);
    }

    @Test
    void aRequestThatFindsAPermitWithinTheQueueTimeoutIsServed() throws Exception {
        InFlightLimitFilter filter = filter(1, Duration.ofSeconds(5));
        Future<MockHttpServletResponse> first = hold(filter);

        Future<MockHttpServletResponse> waiting = pool.submit(() -> run(filter, "/v1/models", quick));
        Thread.sleep(50);
        finish.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        assertThat(waiting.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        assertThat(served).hasValue(2);
        assertThat(filter.inFlight()).isZero();
    }

    @Test
    void onceAsManyWaitForAPermitAsMayWait_aNewcomerIsShedAtOnceInsteadOfWaitingToo() throws Exception {
        InFlightLimitFilter filter = filter(1, Duration.ofMinutes(1));
        hold(filter);
        for (int i = 0; i < InFlightLimitFilter.MAX_WAITING; i++) {
            pool.submit(() -> run(filter, "/v1/chat/completions", quick));
        }
        for (int i = 0; i < 500 && filter.waitingForPermit() < InFlightLimitFilter.MAX_WAITING; i++) {
            Thread.sleep(10);
        }
        assertThat(filter.waitingForPermit()).isEqualTo(InFlightLimitFilter.MAX_WAITING);

        // Waiting, it would wait the minute of its queue timeout.
        MockHttpServletResponse shed =
                pool.submit(() -> run(filter, "/v1/chat/completions", quick)).get(10, TimeUnit.SECONDS);

        assertThat(shed.getStatus()).isEqualTo(503);
        assertThat(shed.getHeader("Retry-After")).isEqualTo("1");
        assertThat(filter.shedWithoutPermit()).isEqualTo(1);
        assertThat(filter.waitingForPermit()).isEqualTo(InFlightLimitFilter.MAX_WAITING);
        assertThat(served).hasValue(1);
    }

    @Test
    void aPermitIsGivenBackWhenTheRequestFails() throws Exception {
        InFlightLimitFilter filter = filter(1, Duration.ZERO);
        FilterChain failing = (request, response) -> {
            throw new IllegalStateException("upstream broke");
        };
        try {
            run(filter, "/v1/chat/completions", failing);
        } catch (IllegalStateException expected) {
            // the failure travels on to the error handling; the permit must not stay taken
        }

        assertThat(filter.inFlight()).isZero();
        assertThat(run(filter, "/v1/chat/completions", quick).getStatus()).isEqualTo(200);
    }

    @Test
    void whileTheDatabasePoolIsSaturated_aNewRequestIsShedAtOnce_andServedAgainOnceItIsNot() throws Exception {
        AtomicBoolean saturated = new AtomicBoolean(true);
        InFlightLimitFilter filter = new InFlightLimitFilter(
                new InFlightLimits(100, Duration.ofSeconds(5)), saturated::get, new ObjectMapper());

        MockHttpServletResponse shed = run(filter, "/v1/chat/completions", quick);
        MockHttpServletResponse probe = run(filter, "/readyz", quick);
        saturated.set(false);
        MockHttpServletResponse served = run(filter, "/v1/chat/completions", quick);

        assertThat(shed.getStatus()).isEqualTo(503);
        assertThat(shed.getHeader("Retry-After")).isEqualTo("1");
        assertThat(shed.getContentAsString()).contains("\"code\":\"node_overloaded\"");
        assertThat(probe.getStatus()).isEqualTo(200);
        assertThat(served.getStatus()).isEqualTo(200);
        assertThat(served).extracting(r -> filter.inFlight()).isEqualTo(0);
        assertThat(filter.shedWithoutPermit())
                .as("counted by its signal, not here")
                .isZero();
    }

    @Test
    void whileTheQueueForWorkTurnsPaidRequestsAway_aPaidRequestIsShedAtTheDoor_othersComeIn() throws Exception {
        InFlightLimitFilter filter = new InFlightLimitFilter(
                new InFlightLimits(100, Duration.ofSeconds(5)),
                InFlightLimitFilter.Saturation.NEVER,
                () -> true,
                new ObjectMapper());

        MockHttpServletResponse paid = run(filter, "/v1/chat/completions", quick);
        MockHttpServletResponse alias = run(filter, "/chat/completions", quick);
        MockHttpServletResponse allowlisted = run(filter, "/v1/audio/speech", quick);
        MockHttpServletResponse topUp = run(filter, "/v1/balance/topup", quick);
        MockHttpServletResponse walletTopUp = run(filter, "/v1/wallet/topup", quick);
        MockHttpServletResponse admin = run(filter, "/admin/api/withdraw", quick);
        MockHttpServletResponse models = get(filter, "/v1/models");

        assertThat(List.of(paid, alias, allowlisted)).allSatisfy(shed -> {
            assertThat(shed.getStatus()).isEqualTo(503);
            assertThat(shed.getHeader("Retry-After")).isEqualTo("1");
            assertThat(shed.getContentAsString()).contains("\"code\":\"node_overloaded\"");
        });
        assertThat(List.of(topUp, walletTopUp, admin, models))
                .allSatisfy(served -> assertThat(served.getStatus()).isEqualTo(200));
        assertThat(served).hasValue(4);
        assertThat(filter.inFlight()).isZero();
    }

    @Test
    void aPaidRequestShedForWantOfAPermit_isReportedToTheQueueForWorkTurns_asANewcomerItTurnedAway() throws Exception {
        AtomicInteger reported = new AtomicInteger();
        InFlightLimitFilter filter = new InFlightLimitFilter(
                new InFlightLimits(1, Duration.ZERO),
                InFlightLimitFilter.Saturation.NEVER,
                new InFlightLimitFilter.PaidWorkSaturation() {
                    @Override
                    public boolean saturated() {
                        return false;
                    }

                    @Override
                    public void shedBeforeJoining() {
                        reported.incrementAndGet();
                    }
                },
                new ObjectMapper());
        hold(filter);

        MockHttpServletResponse paid = run(filter, "/v1/chat/completions", quick);
        MockHttpServletResponse topUp = run(filter, "/v1/balance/topup", quick);
        MockHttpServletResponse models = get(filter, "/v1/models");

        assertThat(List.of(paid, topUp, models))
                .allSatisfy(shed -> assertThat(shed.getStatus()).isEqualTo(503));
        assertThat(reported).as("the paid request alone would have joined").hasValue(1);
    }

    private MockHttpServletResponse get(InFlightLimitFilter filter, String path) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("GET", path), response, quick);
        return response;
    }

    @Test
    void theProbesAnswerWhileTheNodeSheds() throws Exception {
        InFlightLimitFilter filter = filter(1, Duration.ZERO);
        hold(filter);

        assertThat(run(filter, "/livez", quick).getStatus()).isEqualTo(200);
        assertThat(run(filter, "/readyz", quick).getStatus()).isEqualTo(200);
        assertThat(run(filter, "/v1/info", quick).getStatus()).isEqualTo(503);
    }
}

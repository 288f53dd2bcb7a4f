package io.routstr.gateway.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.routstr.gateway.application.port.out.WorkAdmissionPort.WorkTurn;
import io.routstr.gateway.rest.limits.BoundedWork;
import io.routstr.gateway.rest.limits.InFlightLimitFilter;
import io.routstr.gateway.rest.limits.InFlightLimits;
import io.routstr.gateway.rest.limits.InFlightPermits;
import io.routstr.gateway.rest.limits.OverloadDoor;
import io.routstr.gateway.rest.limits.TurnAtTheDoor;
import io.routstr.gateway.rest.limits.WorkLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Jetty's door over real HTTP, in front of a handler standing for the servlet context: while a signal says so, the
 * requests it sheds are answered 503 {@code node_overloaded} with {@code Retry-After} and a request id, and never reach
 * what is behind it; every other request does, and so does everything once the signal clears. Given the queue for
 * turns at work, a paid request takes its permit and waits for its turn at the door, and goes in with it.
 */
class OverloadDoorHandlerTest {

    private final AtomicBoolean nodeSaturated = new AtomicBoolean();
    private final AtomicBoolean paidWorkTurnsAway = new AtomicBoolean();
    private final AtomicInteger reachedTheContext = new AtomicInteger();
    private final AtomicInteger cameWithATurn = new AtomicInteger();
    private final AtomicInteger workSheds = new AtomicInteger();
    private final Timer turnWait = Timer.builder("wait").register(new SimpleMeterRegistry());
    private InFlightLimitFilter.PaidWorkSaturation paidWork = paidWorkTurnsAway::get;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private Server server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private URI start(String contextPath) throws Exception {
        return start(contextPath, null);
    }

    private URI start(String contextPath, PaidRequestAdmission admission) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                reachedTheContext.incrementAndGet();
                if (request.getAttribute(TurnAtTheDoor.ATTRIBUTE) != null) {
                    cameWithATurn.incrementAndGet();
                }
                response.write(true, ByteBuffer.wrap("served".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        OverloadDoor door = new OverloadDoor(nodeSaturated::get, paidWork, new ObjectMapper());
        server.insertHandler(new OverloadDoorHandler(door, contextPath, admission));
        server.start();
        return URI.create("http://localhost:" + connector.getLocalPort() + contextPath);
    }

    @Test
    void whilePaidWorkTurnsNewcomersAway_aPaidRequestIsAnswered503AtTheDoor_andOthersGoIn() throws Exception {
        URI node = start("");
        paidWorkTurnsAway.set(true);

        HttpResponse<String> paid = http.send(post(node, "/v1/chat/completions"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> alias = http.send(post(node, "/chat/completions"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> topUp = http.send(post(node, "/v1/balance/topup"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> models = http.send(get(node, "/v1/models"), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> shed : List.of(paid, alias)) {
            assertThat(shed.statusCode()).isEqualTo(503);
            assertThat(shed.headers().firstValue("retry-after")).hasValue("1");
            assertThat(shed.headers().firstValue("content-type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            JsonNode body = json.readTree(shed.body());
            assertThat(body.at("/error/code").asText()).isEqualTo("node_overloaded");
            assertThat(body.at("/error/type").asText()).isEqualTo("api_error");
            assertThat(body.at("/request_id").asText())
                    .as("the id a client quotes is the one in the header")
                    .isNotBlank()
                    .isEqualTo(shed.headers().firstValue("x-routstr-request-id").orElseThrow());
        }
        assertThat(topUp.body()).isEqualTo("served");
        assertThat(models.body()).isEqualTo("served");
        assertThat(reachedTheContext).as("only the requests not shed").hasValue(2);
    }

    @Test
    void whileTheNodeIsSaturated_everyRequestButTheProbesIsShed_andAllGoInOnceItIsNot() throws Exception {
        URI node = start("");
        nodeSaturated.set(true);

        HttpResponse<String> models = http.send(get(node, "/v1/models"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> live = http.send(get(node, "/livez"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> ready = http.send(get(node, "/readyz"), HttpResponse.BodyHandlers.ofString());
        nodeSaturated.set(false);
        HttpResponse<String> paid = http.send(post(node, "/v1/chat/completions"), HttpResponse.BodyHandlers.ofString());

        assertThat(models.statusCode()).isEqualTo(503);
        assertThat(live.body()).isEqualTo("served");
        assertThat(ready.body()).isEqualTo("served");
        assertThat(paid.body()).isEqualTo("served");
        assertThat(reachedTheContext).hasValue(3);
    }

    @Test
    void underAContextPath_theRoutesAreToldApartWithinIt() throws Exception {
        URI node = start("/gw");
        paidWorkTurnsAway.set(true);

        HttpResponse<String> paid = http.send(post(node, "/v1/chat/completions"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> topUp = http.send(post(node, "/v1/balance/topup"), HttpResponse.BodyHandlers.ofString());

        assertThat(paid.statusCode()).isEqualTo(503);
        assertThat(topUp.body()).isEqualTo("served");
    }

    @Test
    void aPaidRequestFindingEveryTurnTaken_waitsAtTheDoor_andGoesInWithItsTurnOnceOneIsGivenBack() throws Exception {
        BoundedWork work = new BoundedWork(new WorkLimits(1, Duration.ofMinutes(1)));
        InFlightPermits permits = new InFlightPermits(InFlightLimits.defaults());
        URI node = start("", new PaidRequestAdmission(permits, work, workSheds::incrementAndGet, turnWait));
        WorkTurn taken = work.enter().orElseThrow();

        CompletableFuture<HttpResponse<String>> paid =
                http.sendAsync(post(node, "/v1/chat/completions"), HttpResponse.BodyHandlers.ofString());
        awaitUntil(() -> work.waiting() == 1);
        assertThat(reachedTheContext).as("it waits before the servlet context").hasValue(0);
        assertThat(permits.inFlight()).as("holding its in-flight permit").isEqualTo(1);
        taken.leave();

        assertThat(paid.get(10, TimeUnit.SECONDS).body()).isEqualTo("served");
        assertThat(cameWithATurn).as("the turn it waited for goes in with it").hasValue(1);
        assertThat(turnWait.count()).as("its wait is timed").isEqualTo(1);
        awaitUntil(() -> permits.inFlight() == 0);
        assertThat(work.working()).as("its turn is given back with its answer").isZero();
    }

    @Test
    void aPaidRequestWhoseWaitRunsOut_isAnswered503AtTheDoor_countedAsShedForWork_andGivesItsPermitBack()
            throws Exception {
        BoundedWork work = new BoundedWork(new WorkLimits(1, Duration.ofMillis(200)));
        InFlightPermits permits = new InFlightPermits(InFlightLimits.defaults());
        URI node = start("", new PaidRequestAdmission(permits, work, workSheds::incrementAndGet, turnWait));
        WorkTurn taken = work.enter().orElseThrow();
        try {
            HttpResponse<String> shed =
                    http.send(post(node, "/v1/chat/completions"), HttpResponse.BodyHandlers.ofString());

            assertThat(shed.statusCode()).isEqualTo(503);
            assertThat(shed.headers().firstValue("retry-after")).hasValue("1");
            assertThat(json.readTree(shed.body()).at("/error/code").asText()).isEqualTo("node_overloaded");
            assertThat(reachedTheContext).hasValue(0);
            assertThat(workSheds).hasValue(1);
            assertThat(permits.inFlight()).isZero();
        } finally {
            taken.leave();
        }
        assertThat(http.send(post(node, "/v1/chat/completions"), HttpResponse.BodyHandlers.ofString())
                        .body())
                .isEqualTo("served");
        assertThat(http.send(get(node, "/v1/models"), HttpResponse.BodyHandlers.ofString())
                        .body())
                .isEqualTo("served");
        assertThat(cameWithATurn)
                .as("a request that is not paid goes in without one")
                .hasValue(1);
    }

    @Test
    void aPaidRequestFindingNoInFlightPermit_isShedAtTheDoor_andTheQueueForWorkIsToldOfIt() throws Exception {
        BoundedWork work = new BoundedWork(new WorkLimits(1, Duration.ofMinutes(1)));
        InFlightPermits permits = new InFlightPermits(new InFlightLimits(1, Duration.ZERO));
        AtomicInteger shedBeforeJoining = new AtomicInteger();
        paidWork = new InFlightLimitFilter.PaidWorkSaturation() {
            @Override
            public boolean saturated() {
                return false;
            }

            @Override
            public void shedBeforeJoining() {
                shedBeforeJoining.incrementAndGet();
            }
        };
        URI node = start("", new PaidRequestAdmission(permits, work, workSheds::incrementAndGet, turnWait));
        assertThat(permits.acquire()).isTrue();
        try {
            HttpResponse<String> shed =
                    http.send(post(node, "/v1/chat/completions"), HttpResponse.BodyHandlers.ofString());

            assertThat(shed.statusCode()).isEqualTo(503);
            assertThat(permits.shedWithoutPermit()).isEqualTo(1);
            assertThat(shedBeforeJoining).hasValue(1);
            assertThat(work.working()).isZero();
            assertThat(reachedTheContext).hasValue(0);
        } finally {
            permits.release();
        }
    }

    private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    private static HttpRequest post(URI node, String path) {
        return HttpRequest.newBuilder(URI.create(node + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\"}"))
                .build();
    }

    private static HttpRequest get(URI node, String path) {
        return HttpRequest.newBuilder(URI.create(node + path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
    }
}

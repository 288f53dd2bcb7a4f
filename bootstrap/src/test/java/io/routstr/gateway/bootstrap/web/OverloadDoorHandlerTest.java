package io.routstr.gateway.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.rest.limits.OverloadDoor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * what is behind it; every other request does, and so does everything once the signal clears.
 */
class OverloadDoorHandlerTest {

    private final AtomicBoolean nodeSaturated = new AtomicBoolean();
    private final AtomicBoolean paidWorkTurnsAway = new AtomicBoolean();
    private final AtomicInteger reachedTheContext = new AtomicInteger();
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
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                reachedTheContext.incrementAndGet();
                response.write(true, ByteBuffer.wrap("served".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        OverloadDoor door = new OverloadDoor(nodeSaturated::get, paidWorkTurnsAway::get, new ObjectMapper());
        server.insertHandler(new OverloadDoorHandler(door, contextPath));
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

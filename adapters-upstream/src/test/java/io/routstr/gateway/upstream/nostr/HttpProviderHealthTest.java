package io.routstr.gateway.upstream.nostr;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.routstr.gateway.application.port.out.ProviderHealthPort.Health;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpProviderHealthTest {

    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private HttpServer server;
    private String url;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = answers.get(exchange.getRequestURI().getPath());
            byte[] bytes = (body == null ? "{\"detail\":\"Not Found\"}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Health check() {
        return new HttpProviderHealth(Duration.ofSeconds(5)).check(url + "/");
    }

    @Test
    void aNodeAnsweringItsInfo_isHealthyWithTheJsonItAnswered() {
        answers.put("/v1/info", "{ \"name\": \"Other node\", \"mints\": [\"https://mint.example\"] }");

        Health health = check();

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.endpoint()).isEqualTo("info");
        assertThat(health.json()).hasValue("{\"name\":\"Other node\",\"mints\":[\"https://mint.example\"]}");
    }

    @Test
    void anAnswerThatIsNotJson_leavesTheJsonEmpty() {
        answers.put("/v1/models", "<html>models</html>");

        Health health = check();

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.endpoint()).isEqualTo("models");
        assertThat(health.json()).isEmpty();
    }

    @Test
    void anAnswerLargerThanTheBound_isNotKept() {
        answers.put("/v1/info", "\"" + "x".repeat(HttpProviderHealth.MAX_JSON_BYTES) + "\"");

        Health health = check();

        assertThat(health.endpoint()).isEqualTo("info");
        assertThat(health.json()).isEmpty();
    }

    @Test
    void aNodeAnsweringNothingWith200_isAnErrorWithoutJson() {
        Health health = check();

        assertThat(health.statusCode()).isEqualTo(404);
        assertThat(health.endpoint()).isEqualTo("error");
        assertThat(health.json()).isEmpty();
    }
}

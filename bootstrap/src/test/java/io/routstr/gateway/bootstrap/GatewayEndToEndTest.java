package io.routstr.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.persistence.PersistenceTestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The running node over real HTTP: identity, health, metrics, API docs and the error contract. */
@AutoConfigureObservability
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"NAME=Test Node", "CASHU_MINTS=http://mint-a.test,http://mint-b.test"})
class GatewayEndToEndTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PersistenceTestApplication.registerDatabase(registry);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return get(port, path);
    }

    private HttpResponse<String> get(int onPort, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + onPort + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void infoDescribesTheNodeInRoutstrsShape() throws Exception {
        HttpResponse<String> response = get("/v1/info");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"name\":\"Test Node\"")
                .contains("\"mints\":[\"http://mint-a.test\",\"http://mint-b.test\"]")
                .contains("\"http_url\"")
                .contains("\"onion_url\"")
                .contains("\"npub\"")
                .contains("\"version\"")
                .contains("\"child_key_cost_msats\"")
                .contains("\"child_keys\":{\"supported\":true")
                .contains("Routstr removed child keys");
        assertThat(response.headers().firstValue("x-routstr-request-id")).isPresent();
    }

    @Test
    void theRootAnswersRoutstrsRootDocument_whereRoutstrsSdkStarts() throws Exception {
        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.body())
                .contains("\"name\":\"Test Node\"")
                .contains("\"description\"")
                .contains("\"version\"")
                .contains("\"status\":\"running\"")
                .contains("\"ui\":\"not available\"");
    }

    @Test
    void healthReportsLivenessAndReadinessIncludingTheDatabase() throws Exception {
        assertThat(get(managementPort, "/actuator/health").body()).contains("\"status\":\"UP\"");
        assertThat(get(managementPort, "/actuator/health/liveness").statusCode())
                .isEqualTo(200);
        HttpResponse<String> readiness = get(managementPort, "/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
    }

    @Test
    void orchestratorsProbeLivenessAndReadinessOnTheApiPort() throws Exception {
        HttpResponse<String> liveness = get("/livez");
        HttpResponse<String> readiness = get("/readyz");

        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).contains("\"status\":\"UP\"");
        assertThat(readiness.statusCode()).isEqualTo(200);
    }

    @Test
    void prometheusMetricsAreExposedOnTheManagementPort() throws Exception {
        HttpResponse<String> response = get(managementPort, "/actuator/prometheus");

        assertThat(managementPort).isNotEqualTo(port);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
    }

    @Test
    void noActuatorEndpointIsReachableOnTheApiPort() throws Exception {
        for (String path : new String[] {"/actuator", "/actuator/prometheus", "/actuator/health", "/actuator/info"}) {
            HttpResponse<String> response = get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).doesNotContain("jvm_").contains("\"code\":\"not_found\"");
        }
    }

    @Test
    void aBrowserOnAnySiteGetsNoCredentialedCors() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/info"))
                        .header("Origin", "https://evil.example")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue("*");
        assertThat(response.headers().firstValue("access-control-allow-credentials"))
                .isEmpty();
    }

    @Test
    void theOpenApiDocumentDescribesTheInfoEndpoint() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"/v1/info\"");
        assertThat(get("/swagger-ui.html").statusCode()).isIn(200, 302);
    }

    @Test
    void anUnknownRouteGetsAnOpenAiShapedNotFound() throws Exception {
        HttpResponse<String> response = get("/v1/nothing-here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.body())
                .contains("\"error\"")
                .contains("\"code\":\"not_found\"")
                .contains("\"type\":\"not_found\"")
                .contains("\"request_id\"")
                .doesNotContain("Exception");
        assertThat(response.headers().firstValue("x-routstr-request-id")).isPresent();
    }

    @Test
    void aWrongMethodGetsAnOpenAiShapedError() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/info"))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.body()).contains("\"code\":\"method_not_allowed\"");
    }
}

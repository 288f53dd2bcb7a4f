package io.routstr.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.cashu.token.TokenCodec;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.persistence.PersistenceTestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Bounds on unauthenticated work over real HTTP: tokens of too many proofs, key and invoice creations per client
 * address, and CORS for named origins. The trusted mint does not exist: a refusal that reaches it would be a 503.
 * Each test speaks for its own client address through the trusted proxy header.
 */
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "CASHU_MINTS=http://mint.invalid",
            "MAX_PROOFS_PER_TOKEN=4",
            "routstr.limits.key-creations-per-minute=3",
            "routstr.limits.invoice-creations-per-minute=2",
            "routstr.limits.client-address-header=X-Forwarded-For",
            "CORS_ORIGINS=https://app.example"
        })
class BoundsEndToEndTest {

    /** A valid curve point (secp256k1's generator), as every proof's {@code C} must be. */
    private static final String GENERATOR = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PersistenceTestApplication.registerDatabase(registry);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, Map<String, String> headers, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String tokenOf(int proofs) {
        List<Proof> list = new ArrayList<>();
        for (int i = 0; i < proofs; i++) {
            list.add(Proof.of(1, KeysetId.of("00882760bfa2eb41"), "bounds-secret-" + i, GENERATOR));
        }
        return new TokenCodec().encode(EcashToken.of(MintUrl.of("http://mint.invalid"), CurrencyUnit.SAT, list));
    }

    @Test
    void aBearerTokenOfTooManyProofsIs413BeforeAnyMintCall() throws Exception {
        HttpResponse<String> response = send(
                "GET",
                "/v1/balance/info",
                Map.of("Authorization", "Bearer " + tokenOf(5), "X-Forwarded-For", "203.0.113.1"),
                null);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(GatewayHttp.json(response).at("/error/code").asText()).isEqualTo("cashu_token_too_many_proofs");
        assertThat(response.body()).contains("\"request_id\"");
    }

    @Test
    void anXCashuTokenOfTooManyProofsIs413AndComesBack() throws Exception {
        String token = tokenOf(6);

        HttpResponse<String> response = send(
                "POST",
                "/v1/chat/completions",
                Map.of("X-Cashu", token, "X-Forwarded-For", "203.0.113.2"),
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(GatewayHttp.json(response).at("/error/code").asText()).isEqualTo("cashu_token_too_many_proofs");
        assertThat(response.headers().firstValue("x-cashu")).hasValue(token);
    }

    @Test
    void theFourthKeyCreationFromOneAddressInAMinuteIs429WithRetryAfter() throws Exception {
        Map<String, String> client = Map.of("X-Forwarded-For", "198.51.100.9");
        for (int i = 0; i < 3; i++) {
            assertThat(send("POST", "/v1/balance/create", client, "{}").statusCode())
                    .isNotEqualTo(429);
        }

        HttpResponse<String> refused = send("GET", "/v1/balance/create", client, null);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("retry-after")).isPresent();
        assertThat(GatewayHttp.json(refused).at("/error/code").asText()).isEqualTo("key_creation_rate_limited");
        assertThat(send("POST", "/v1/balance/create", Map.of("X-Forwarded-For", "198.51.100.10"), "{}")
                        .statusCode())
                .isNotEqualTo(429);
    }

    @Test
    void theThirdInvoiceFromOneAddressInAMinuteIs429() throws Exception {
        Map<String, String> client = Map.of("X-Forwarded-For", "192.0.2.77");
        String body = "{\"amount_sats\":100,\"purpose\":\"create\"}";
        for (int i = 0; i < 2; i++) {
            assertThat(send("POST", "/lightning/invoice", client, body).statusCode())
                    .isNotEqualTo(429);
        }

        HttpResponse<String> refused = send("POST", "/v1/balance/lightning/invoice", client, body);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("retry-after")).isPresent();
        assertThat(GatewayHttp.json(refused).at("/error/code").asText()).isEqualTo("invoice_creation_rate_limited");
    }

    @Test
    void aNamedOriginGetsCredentialsAndAnyOtherNoCors() throws Exception {
        HttpResponse<String> named = send("GET", "/v1/info", Map.of("Origin", "https://app.example"), null);
        HttpResponse<String> foreign = send(
                "OPTIONS",
                "/v1/info",
                Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "GET"),
                null);

        assertThat(named.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example");
        assertThat(named.headers().firstValue("access-control-allow-credentials"))
                .hasValue("true");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("access-control-allow-origin")).isEmpty();
    }
}

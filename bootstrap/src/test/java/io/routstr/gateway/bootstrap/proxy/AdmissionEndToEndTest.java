package io.routstr.gateway.bootstrap.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.in.key.ChildKeysOutcome;
import io.routstr.gateway.application.port.in.key.CreateChildKeysCommand;
import io.routstr.gateway.application.port.in.key.CreateChildKeysUseCase;
import io.routstr.gateway.bootstrap.GatewayApplication;
import io.routstr.gateway.bootstrap.SharedFakes;
import io.routstr.gateway.bootstrap.proxy.ProxyTestSupport.FundedKey;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer.Behaviour;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.jetty.JettyWebServer;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the proxy lets in, over real HTTP: who may set refund headers, which keys are refused before anything of theirs
 * changes, which paths reach the provider and how they are billed, and how large a request may be.
 *
 * <p>The node forwards {@code images/generations} as an extra allowed path and takes bodies of at most 64 KiB; the
 * fixed cost per request is Routstr's default, 1 sat.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ProxyFixture.class)
class AdmissionEndToEndTest {

    /** Shared with {@link AdmissionOnJettyEndToEndTest}, whose node is another: closed when the JVM ends. */
    static final FakeOpenAiServer upstream =
            SharedFakes.closedAtExit(FakeOpenAiServer.start().btcUsd(ProxyTestSupport.BTC_USD));

    static final long FUNDS = 10_000_000;
    static final int BODY_LIMIT = 64 * 1024;
    static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ProxyTestSupport.properties(registry, upstream);
        registry.add("PROXY_EXTRA_ALLOWED_PATHS", () -> " /v1/images/generations/ , audio/speech");
        registry.add("MAX_REQUEST_BODY_BYTES", () -> Integer.toString(BODY_LIMIT));
    }

    @LocalServerPort
    int port;

    @Autowired
    ProxyFixture proxy;

    @Autowired
    CreateChildKeysUseCase childKeys;

    @Autowired
    ServletWebServerApplicationContext server;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private FundedKey key;

    @BeforeEach
    void oneProviderAndAFundedKey() {
        upstream.behave(Behaviour.OK).down(false);
        proxy.servedOnlyBy(upstream);
        key = proxy.fundedKey(FUNDS);
    }

    // --- Refund headers and child keys ---------------------------------------------------------------------------

    @Test
    void aChildKeySendingRefundLnurlIsRefused_andNothingOfItsParentChanges() throws Exception {
        String child = childOf(key);
        int forwarded = upstream.completions();

        HttpResponse<String> response = post(
                "/v1/chat/completions",
                CHAT,
                child,
                Map.of("Refund-LNURL", "thief@attacker.example", "Key-Expiry-Time", "1700000000"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertError(response, "child_key_refund_forbidden");
        assertThat(refundAddress(key)).isNull();
        assertThat(refundAfter(key)).isNull();
        assertThat(upstream.completions()).isEqualTo(forwarded);
        assertThat(proxy.balance(key)).isEqualTo(FUNDS);
    }

    @Test
    void aChildKeySendingOnlyKeyExpiryTimeIsRefusedToo() throws Exception {
        String child = childOf(key);

        HttpResponse<String> response =
                post("/v1/chat/completions", CHAT, child, Map.of("key-expiry-time", "1700000000"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertError(response, "child_key_refund_forbidden");
    }

    @Test
    void aChildKeyWithoutRefundHeadersIsServedAndBilledToItsParent() throws Exception {
        String child = childOf(key);

        HttpResponse<String> response = post("/v1/chat/completions", CHAT, child, Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(proxy.balance(key)).isLessThan(FUNDS);
    }

    @Test
    void aKeyStoresItsOwnWellFormedRefundAddress() throws Exception {
        HttpResponse<String> response = post(
                "/v1/chat/completions",
                CHAT,
                key.bearer(),
                Map.of("Refund-LNURL", "alice@wallet.example", "Key-Expiry-Time", "4102444800"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(refundAddress(key)).isEqualTo("alice@wallet.example");
    }

    @Test
    void anExpiredKeyIsRefusedBeforeItsRefundHeadersAreStored() throws Exception {
        proxy.jdbc()
                .update(
                        "UPDATE api_keys SET valid_until = now() - interval '1 hour' WHERE id = ?",
                        key.key().id().value());

        HttpResponse<String> response =
                post("/v1/chat/completions", CHAT, key.bearer(), Map.of("Refund-LNURL", "alice@wallet.example"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertError(response, "key_expired");
        assertThat(refundAddress(key)).isNull();
    }

    @Test
    void aKeyAtItsSpendingLimitIsRefusedBeforeItsRefundHeadersAreStored() throws Exception {
        proxy.jdbc()
                .update(
                        "UPDATE api_keys SET balance_limit_msats = 1000, period_spent_msats = 1000 WHERE id = ?",
                        key.key().id().value());

        HttpResponse<String> response =
                post("/v1/chat/completions", CHAT, key.bearer(), Map.of("Refund-LNURL", "alice@wallet.example"));

        assertThat(response.statusCode()).isEqualTo(402);
        assertError(response, "balance_limit_exceeded");
        assertThat(refundAddress(key)).isNull();
    }

    @Test
    void aMalformedRefundLnurlIsA400_neverStored() throws Exception {
        for (String address : List.of("not an address", "https://", "lnurl1notbech32!", "x".repeat(5000) + "@a.b")) {
            HttpResponse<String> response =
                    post("/v1/chat/completions", CHAT, key.bearer(), Map.of("Refund-LNURL", address));

            assertThat(response.statusCode()).as(address).isEqualTo(400);
            assertError(response, "invalid_refund_lnurl");
        }
        assertThat(refundAddress(key)).isNull();
    }

    // --- The allowlist -------------------------------------------------------------------------------------------

    @Test
    void aPostToAPathTheNodeCannotPriceIsNotFound_andNeverReachesTheProvider() throws Exception {
        int forwarded = upstream.completions();

        for (String path : List.of("/v1/assistants", "/v1/fine_tuning/jobs", "/v1/images/generations/x")) {
            HttpResponse<String> response =
                    post(path, "{\"model\":\"gpt-4o-mini\",\"prompt\":\"x\"}", key.bearer(), Map.of());

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertError(response, "not_found");
            assertThat(json(response).path("error").path("message").asText())
                    .isEqualTo("Path '" + path + "' not found");
        }
        HttpResponse<String> anonymous = post("/v1/threads", "{}", null, Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(404);

        assertThat(upstream.completions()).isEqualTo(forwarded);
        assertThat(proxy.balance(key)).isEqualTo(FUNDS);
    }

    @Test
    void anExtraAllowedPathIsForwarded_andAnAnswerWithoutTextIsBilledTheFixedCostPerRequest() throws Exception {
        HttpResponse<String> response = post(
                "/v1/images/generations", "{\"model\":\"gpt-4o-mini\",\"prompt\":\"a cat\"}", key.bearer(), Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("data").get(0).path("url").asText()).endsWith("fake.png");
        assertThat(upstream.lastRequest().path()).isEqualTo("/v1/images/generations");
        // FIXED_COST_PER_REQUEST is 1 sat: never 0 because the answer has no text to count.
        assertThat(response.headers().firstValue("X-Routstr-Cost-Msats")).contains("1000");
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - 1000);
        assertThat(proxy.activeReservations(key)).isZero();
        assertThat(proxy.ledgerHolds()).isTrue();
    }

    // --- Request size --------------------------------------------------------------------------------------------

    @Test
    void anUnauthenticatedBodyIsNotParsed_aMissingKeyIsReportedFirst() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", "{not json", null, Map.of());

        assertThat(response.statusCode()).isEqualTo(401);
        assertError(response, "missing_api_key");
    }

    @Test
    void anAuthenticatedInvalidBodyIsA400_andNothingIsHeld() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", "{not json", key.bearer(), Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        assertError(response, "invalid_json");
        assertThat(proxy.balance(key)).isEqualTo(FUNDS);
    }

    @Test
    void aDeclaredBodyOverTheLimitIsA413_answeredWithoutReadingIt() throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 1000000000\r\n\r\n{\"model\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readAnswer(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("\"code\":\"request_too_large\"");
        }
    }

    @Test
    void aStreamedBodyOverTheLimitIsA413_andNothingIsForwardedOrHeld() throws Exception {
        int forwarded = upstream.completions();
        byte[] head = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
                .getBytes(StandardCharsets.UTF_8);
        InputStream padding = new ByteArrayInputStream("a".repeat(BODY_LIMIT).getBytes(StandardCharsets.UTF_8));
        InputStream tail = new ByteArrayInputStream("\"}]}".getBytes(StandardCharsets.UTF_8));
        // ofInputStream has no known length: the body goes chunked, without a Content-Length.
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key.bearer())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                        Collections.enumeration(List.of(new ByteArrayInputStream(head), padding, tail)))))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertError(response, "request_too_large");
        assertThat(upstream.completions()).isEqualTo(forwarded);
        assertThat(proxy.balance(key)).isEqualTo(FUNDS);
    }

    @Test
    void aStreamedBodyOverTheLimitToAnotherEndpointIsA413Too() throws Exception {
        InputStream padding = new ByteArrayInputStream(
                ("{\"initial_balance_token\":\"" + "a".repeat(BODY_LIMIT) + "\"}").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/balance/create"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> padding))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertError(response, "request_too_large");
    }

    @Test
    void eachConnectionHasBuffersOf4KiB_andABodyAndAnAnswerTenTimesLargerPassWhole() throws Exception {
        assertThat(connectionBuffers(server.getWebServer())).isNotEmpty().containsOnly(4096);
        String prompt = "p".repeat(40_000);
        String answer = "a".repeat(60_000);
        upstream.reply(answer);
        try {
            HttpResponse<String> response = post(
                    "/v1/chat/completions",
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}",
                    key.bearer(),
                    Map.of());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json.readTree(response.body())
                            .at("/choices/0/message/content")
                            .asText())
                    .isEqualTo(answer);
            assertThat(upstream.lastRequest().body().toString()).contains(prompt);
        } finally {
            upstream.reply("Hello from the fake upstream");
        }
    }

    @Test
    void headersOfTwentyFourKibibytesAreAcceptedAndForwarded() throws Exception {
        // A cashuB token of 160 proofs without DLEQ is about 24 kB (CashuTokenSizes).
        HttpResponse<String> response =
                post("/v1/chat/completions", CHAT, key.bearer(), Map.of("X-Padding", "p".repeat(24 * 1024)));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void anXCashuTokenOfTwoHundredProofsWithoutDleqIsReadByTheNode_notRefusedForItsSize() throws Exception {
        String token = CashuTokenSizes.v4(CashuTokenSizes.PROOFS_IN_A_HEADER, false);
        int forwarded = upstream.completions();

        HttpResponse<String> response = post("/v1/chat/completions", CHAT, null, Map.of("X-Cashu", token));

        assertThat(token.length()).isGreaterThan(29_000);
        assertThat(response.statusCode()).as(response.body()).isNotEqualTo(431);
        assertThat(response.body()).doesNotContain("request_header_too_large");
        // The node refuses it (its mint is not one the node trusts) with its JSON error: handed back in the X-Cashu
        // response header, the token overflowed Tomcat's 8 KiB of response headers into an empty 500.
        assertThat(response.statusCode()).as(response.body()).isNotEqualTo(500);
        assertThat(json.readTree(response.body()).at("/error/code").asText()).isNotBlank();
        assertThat(response.headers().firstValue("X-Cashu"))
                .as("too long for the headers")
                .isEmpty();
        assertThat(json.readTree(response.body())
                        .at("/error/details/refund_token")
                        .asText())
                .as("handed back in the body")
                .isEqualTo(token);
        assertThat(upstream.completions()).isEqualTo(forwarded);
    }

    @Test
    void anXCashuTokenOverTheHeaderLimitIsAJson431_andTheNodeNeverReadsIt() throws Exception {
        // MAX_PROOFS_PER_TOKEN (256) proofs without DLEQ: about 38.5 kB, over the 32 KiB default.
        String token = CashuTokenSizes.v4(CashuTokenSizes.MAX_PROOFS, false);
        int forwarded = upstream.completions();

        HttpResponse<String> response = post("/v1/chat/completions", CHAT, null, Map.of("X-Cashu", token));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(431);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertError(response, "request_header_too_large");
        assertThat(json.readTree(response.body()).at("/error/message").asText())
                .as("the client learns the limit and what to do with its token")
                .contains("32768")
                .contains("fewer proofs");
        // Refused by the container before any filter, controller or mint call: the token was not read, so it is
        // still the client's, unspent, and nothing was forwarded or billed.
        assertThat(response.headers().firstValue("X-Cashu")).isEmpty();
        assertThat(upstream.completions()).isEqualTo(forwarded);
    }

    @Test
    void headersFarOverTheLimitGetAJson431() throws Exception {
        HttpResponse<String> response =
                post("/v1/chat/completions", CHAT, key.bearer(), Map.of("X-Padding", "p".repeat(1024 * 1024)));

        assertThat(response.statusCode())
                .as(response.headers() + " " + response.body())
                .isEqualTo(431);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertError(response, "request_header_too_large");
    }

    @Test
    void aMalformedRequestLineIsAJson400_fromTheContainerItself() throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream()
                    .write("G\u0001T /v1/models HTTP/1.1\r\nHost: localhost\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = readAnswer(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer.toLowerCase(Locale.ROOT)).contains("content-type: application/json");
            assertThat(answer).contains("\"code\":\"invalid_request\"").contains("\"request_id\"");
        }
    }

    @Test
    void aRequestLineOverTheHeaderLimitIsAJson431Too() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(
                                URI.create("http://localhost:" + port + "/v1/models?pad=" + "p".repeat(64 * 1024)))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(431);
        assertError(response, "request_header_too_large");
    }

    @Test
    void theKernelKeeps8192ConnectionsWaitingToBeAccepted() {
        assertThat(listenBacklog(server.getWebServer())).isEqualTo(8192);
    }

    @Test
    void aConnectionKeepsNoHeaderCacheOfItsOwn_whichWouldHoldAbout28KiBUnderJettyForAsLongAsItIsOpen() {
        assertThat(headerCachePerConnection(server.getWebServer())).isZero();
    }

    // --- Helpers -------------------------------------------------------------------------------------------------

    /** The connection buffers {@code HTTP_CONNECTION_BUFFER_BYTES} sizes, in bytes, as the container holds them. */
    private static List<Integer> connectionBuffers(WebServer webServer) {
        return switch (webServer) {
            case TomcatWebServer tomcat -> {
                Connector connector = tomcat.getTomcat().getConnector();
                // The socket buffers are read back from the endpoint's properties, as text.
                yield List.of(
                        connector.getProtocolHandler().getDesiredBufferSize(),
                        Integer.parseInt(
                                connector.getProperty("socket.appReadBufSize").toString()),
                        Integer.parseInt(
                                connector.getProperty("socket.appWriteBufSize").toString()));
            }
            case JettyWebServer jetty -> {
                HttpConfiguration http = jettyConnector(jetty)
                        .getConnectionFactory(HttpConnectionFactory.class)
                        .getHttpConfiguration();
                yield List.of(http.getInputBufferSize(), http.getOutputBufferSize());
            }
            default -> throw new AssertionError("not a container the node runs in: " + webServer);
        };
    }

    /** The header fields a connection caches for its next request (Tomcat keeps no such cache). */
    private static int headerCachePerConnection(WebServer webServer) {
        return switch (webServer) {
            case TomcatWebServer tomcat -> 0;
            case JettyWebServer jetty ->
                jettyConnector(jetty)
                        .getConnectionFactory(HttpConnectionFactory.class)
                        .getHttpConfiguration()
                        .getHeaderCacheSize();
            default -> throw new AssertionError("not a container the node runs in: " + webServer);
        };
    }

    /** The listen backlog {@code LISTEN_BACKLOG} sets, as the container holds it. */
    private static int listenBacklog(WebServer webServer) {
        return switch (webServer) {
            case TomcatWebServer tomcat ->
                ((AbstractProtocol<?>) tomcat.getTomcat().getConnector().getProtocolHandler()).getAcceptCount();
            case JettyWebServer jetty -> jettyConnector(jetty).getAcceptQueueSize();
            default -> throw new AssertionError("not a container the node runs in: " + webServer);
        };
    }

    private static ServerConnector jettyConnector(JettyWebServer jetty) {
        return (ServerConnector) jetty.getServer().getConnectors()[0];
    }

    /** What the server sends until it closes the connection or its JSON body is complete. */
    private static String readAnswer(InputStream in) throws Exception {
        StringBuilder answer = new StringBuilder();
        byte[] buffer = new byte[4096];
        int n;
        while (!answer.toString().contains("\"request_id\"") && (n = in.read(buffer)) > 0) {
            answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return answer.toString();
    }

    private String childOf(FundedKey parent) {
        ChildKeysOutcome outcome =
                childKeys.create(new CreateChildKeysCommand(parent.key().id(), 1, Optional.empty(), Optional.empty()));
        return ((ChildKeysOutcome.Created) outcome).secrets().getFirst().reveal();
    }

    private String refundAddress(FundedKey owner) {
        return proxy.jdbc()
                .queryForObject(
                        "SELECT refund_address FROM api_keys WHERE id = ?",
                        String.class,
                        owner.key().id().value());
    }

    private Object refundAfter(FundedKey owner) {
        return proxy.jdbc()
                .queryForObject(
                        "SELECT refund_after FROM api_keys WHERE id = ?",
                        Object.class,
                        owner.key().id().value());
    }

    private JsonNode json(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }

    private void assertError(HttpResponse<String> response, String code) throws Exception {
        JsonNode body = json(response);
        assertThat(body.path("error").path("code").asText()).as(response.body()).isEqualTo(code);
        assertThat(body.path("error").path("message").asText()).isNotBlank();
        assertThat(body.path("request_id").asText()).isNotBlank();
    }

    private HttpResponse<String> post(String path, String body, String bearer, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

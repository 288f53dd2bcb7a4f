package io.routstr.gateway.bootstrap.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.bootstrap.GatewayApplication;
import io.routstr.gateway.bootstrap.SharedFakes;
import io.routstr.gateway.bootstrap.proxy.ProxyTestSupport.FundedKey;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer.Behaviour;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The body timeout ({@code REQUEST_BODY_TIMEOUT_SECONDS}, here 1 s) bounds the client's body only: a request whose
 * upstream is silent for longer than it, with nothing to read or write between the node and its client, is answered
 * whole. Jetty applies the timeout to whatever a request's connection waits for; it must not cut a request that waits
 * for its upstream (whose own timeouts are here 5 s).
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ProxyFixture.class)
class SlowUpstreamEndToEndTest {

    /** Shared with {@link SlowUpstreamOnJettyEndToEndTest}, whose node is another: closed when the JVM ends. */
    static final FakeOpenAiServer upstream = SharedFakes.closedAtExit(
            FakeOpenAiServer.start().btcUsd(ProxyTestSupport.BTC_USD).slowFirstByte(Duration.ofMillis(2500)));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ProxyTestSupport.properties(registry, upstream);
        registry.add("REQUEST_BODY_TIMEOUT_SECONDS", () -> "1");
        registry.add("UPSTREAM_FIRST_BYTE_TIMEOUT", () -> "5s");
        registry.add("UPSTREAM_IDLE_TIMEOUT", () -> "5s");
    }

    @LocalServerPort
    int port;

    @Autowired
    ProxyFixture proxy;

    private FundedKey key;

    @BeforeEach
    void aSlowProviderAndAFundedKey() {
        upstream.behave(Behaviour.SLOW_FIRST_BYTE).down(false);
        proxy.servedOnlyBy(upstream);
        key = proxy.fundedKey(10_000_000);
    }

    @Test
    void anAnswerWhoseFirstByteTakesLongerThanTheBodyTimeout_isAnsweredWhole() throws Exception {
        HttpResponse<String> response = chat(false);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("Hello from the fake upstream");
    }

    @Test
    void aStreamWhoseFirstEventTakesLongerThanTheBodyTimeout_isStreamedWhole() throws Exception {
        HttpResponse<String> response = chat(true);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("data:").contains("[DONE]");
    }

    private HttpResponse<String> chat(boolean stream) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                                .timeout(Duration.ofSeconds(20))
                                .header("Authorization", "Bearer " + key.bearer())
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"stream\":"
                                        + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}

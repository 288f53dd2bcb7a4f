package io.routstr.gateway.bootstrap.proxy;

import static io.routstr.gateway.bootstrap.proxy.ProxyTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.bootstrap.GatewayApplication;
import io.routstr.gateway.bootstrap.proxy.ProxyTestSupport.FundedKey;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer.Behaviour;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A stream that outlives the stale timeout keeps its reservation while the node beats, and is cut at the maximum
 * request lifetime, billed for what was generated and closed properly; timeouts are shrunk to fractions of a second.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ProxyFixture.class)
class LongRequestsEndToEndTest {

    static final FakeOpenAiServer upstream = FakeOpenAiServer.start().btcUsd(ProxyTestSupport.BTC_USD);
    static final long FUNDS = 10_000_000;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ProxyTestSupport.properties(registry, upstream);
        registry.add("routstr.billing.stale-reservation-timeout", () -> "900ms");
        registry.add("routstr.billing.instance-heartbeat-interval", () -> "200ms");
        registry.add("routstr.billing.max-request-lifetime", () -> "3s");
        registry.add("routstr.jobs.stale-reservation-sweep-interval", () -> "200ms");
        // What is tested is the cut at the lifetime: the suite's 1-s idle timeout would also end this stream, as
        // broken and without [DONE], whenever the host stalls the slow upstream's 5-ms pieces for a second (it did
        // once in a CI run). Past the lifetime no silence can end the stream before the cut does.
        registry.add("UPSTREAM_IDLE_TIMEOUT", () -> "10s");
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ProxyFixture proxy;

    @Test
    void aStreamKeepsItsReservationPastTheStaleTimeout_thenIsCutAtItsLifetimeBilledAndClosedWithDone()
            throws Exception {
        upstream.behave(Behaviour.SLOW_STREAM);
        proxy.servedOnlyBy(upstream);
        FundedKey key = proxy.fundedKey(FUNDS);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key.bearer())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();

        long start = System.nanoTime();
        HttpResponse<InputStream> response =
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        List<String> data = new ArrayList<>();
        Long heldAfterTheStaleTimeout = null;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("data: ")) {
                    data.add(line.substring("data: ".length()));
                }
                if (heldAfterTheStaleTimeout == null
                        && System.nanoTime() - start > Duration.ofMillis(2_000).toNanos()) {
                    // Twice the stale timeout, with sweeps every 200 ms: the live request still holds its money.
                    heldAfterTheStaleTimeout = proxy.activeReservations(key);
                }
            }
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(heldAfterTheStaleTimeout).isEqualTo(1L);
        // Cut: the upstream would have sent a thousand pieces and its own usage.
        assertThat(data.size()).isLessThan(1_000);
        assertThat(data.getLast())
                .as("the stream's last events: %s", data.subList(Math.max(0, data.size() - 3), data.size()))
                .isEqualTo("[DONE]");
        assertThat(data.get(data.size() - 2)).contains("\"usage\"").contains("\"cost\"");
        await(() -> proxy.activeReservations(key) == 0, Duration.ofSeconds(10));
        Long charged = proxy.jdbc()
                .queryForObject(
                        "SELECT charged_msats FROM reservations WHERE billing_key_id = ?",
                        Long.class,
                        key.key().id().value());
        assertThat(charged).isPositive();
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - charged);
        assertThat(proxy.ledgerHolds()).isTrue();
        assertThat(proxy.jdbc()
                        .queryForObject(
                                "SELECT count(*) FROM reservations r JOIN node_instances i ON i.id = r.instance_id"
                                        + " WHERE r.billing_key_id = ?",
                                Long.class,
                                key.key().id().value()))
                .isEqualTo(1L);
    }
}

package io.routstr.gateway.bootstrap.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.routstr.gateway.application.port.out.WorkAdmissionPort;
import io.routstr.gateway.application.port.out.WorkAdmissionPort.WorkTurn;
import io.routstr.gateway.bootstrap.GatewayApplication;
import io.routstr.gateway.bootstrap.proxy.ProxyTestSupport.FundedKey;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer.Behaviour;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Admission by work over real HTTP, with two turns at work and no wait for one ({@code MAX_WORKING_REQUESTS=2},
 * {@code WORK_QUEUE_TIMEOUT_MS=0}): requests waiting for a slow upstream hold no turn, so more of them than turns are
 * all served and billed; with every turn taken, a new request is 503 {@code node_overloaded} with {@code Retry-After}
 * and holds nothing, while a request already holding money settles.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ProxyFixture.class)
class WorkAdmissionEndToEndTest {

    static final FakeOpenAiServer upstream = FakeOpenAiServer.start().btcUsd(ProxyTestSupport.BTC_USD);
    static final long FUNDS = 10_000_000;
    static final int TURNS = 2;
    static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
            + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ProxyTestSupport.properties(registry, upstream);
        // The upstream here answers after seconds, as a model thinking would: that wait is what holds no turn.
        registry.add("UPSTREAM_FIRST_BYTE_TIMEOUT", () -> "30s");
        registry.add("MAX_WORKING_REQUESTS", () -> Integer.toString(TURNS));
        registry.add("WORK_QUEUE_TIMEOUT_MS", () -> "0");
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ProxyFixture proxy;

    @Autowired
    WorkAdmissionPort work;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void oneProvider() {
        upstream.behave(Behaviour.OK).down(false);
        proxy.servedOnlyBy(upstream);
    }

    @Test
    void streamsWaitingForASlowUpstreamHoldNoTurn_soThreeTimesAsManyAsTheTurnsAreAllServedAndBilled() throws Exception {
        FundedKey key = proxy.fundedKey(FUNDS);
        upstream.behave(Behaviour.SLOW_FIRST_BYTE).slowFirstByte(Duration.ofSeconds(5));
        int streams = 3 * TURNS;
        List<CompletableFuture<HttpResponse<String>>> open = new ArrayList<>();
        for (int i = 1; i <= streams; i++) {
            open.add(http.sendAsync(chat(key), HttpResponse.BodyHandlers.ofString()));
            int held = i;
            // Each holds its money before the next arrives: all of them wait for the upstream at once.
            ProxyTestSupport.await(() -> proxy.activeReservations(key) == held, Duration.ofSeconds(20));
        }

        // A request gives its turn back just after its hold commits: wait for the last one to have done so.
        ProxyTestSupport.await(() -> working() == 0, Duration.ofSeconds(20));
        long heldWithNoTurnTaken = proxy.activeReservations(key);

        for (CompletableFuture<HttpResponse<String>> stream : open) {
            HttpResponse<String> answer = stream.get(60, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("[DONE]");
        }
        assertThat(heldWithNoTurnTaken).isEqualTo(streams);
        assertThat(proxy.activeReservations(key)).isZero();
        assertThat(charges(key)).isEqualTo(streams);
        assertThat(proxy.balance(key)).isLessThan(FUNDS);
        assertThat(proxy.ledgerHolds()).isTrue();
    }

    @Test
    void withEveryTurnTaken_aNewRequestIs503WithRetryAfterAndHoldsNothing_whileOneHoldingMoneySettles()
            throws Exception {
        FundedKey settling = proxy.fundedKey(FUNDS);
        FundedKey newcomer = proxy.fundedKey(FUNDS);
        upstream.behave(Behaviour.SLOW_FIRST_BYTE).slowFirstByte(Duration.ofSeconds(2));
        CompletableFuture<HttpResponse<String>> waiting =
                http.sendAsync(chat(settling), HttpResponse.BodyHandlers.ofString());
        ProxyTestSupport.await(() -> proxy.activeReservations(settling) == 1 && working() == 0, Duration.ofSeconds(20));
        double shedBefore = shedByWork();
        List<WorkTurn> taken = new ArrayList<>();
        HttpResponse<String> refused;
        HttpResponse<String> settled;
        try {
            for (int i = 0; i < TURNS; i++) {
                taken.add(work.enter().orElseThrow());
            }

            refused = http.send(chat(newcomer), HttpResponse.BodyHandlers.ofString());
            settled = waiting.get(60, TimeUnit.SECONDS);
        } finally {
            taken.forEach(WorkTurn::leave);
        }

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("retry-after")).hasValue("1");
        assertThat(json.readTree(refused.body()).at("/error/code").asText()).isEqualTo("node_overloaded");
        assertThat(json.readTree(refused.body()).at("/request_id").asText()).isNotBlank();
        assertThat(shedByWork()).isEqualTo(shedBefore + 1);
        assertThat(proxy.balance(newcomer)).isEqualTo(FUNDS);
        assertThat(reservations(newcomer)).isZero();
        assertThat(settled.statusCode()).isEqualTo(200);
        assertThat(settled.body()).contains("[DONE]");
        assertThat(charges(settling)).isEqualTo(1);
        assertThat(proxy.activeReservations(settling)).isZero();
        assertThat(proxy.balance(settling)).isLessThan(FUNDS);
        assertThat(proxy.ledgerHolds()).isTrue();
    }

    @Test
    void theQueueForTurnsIsExported_itsWaitersAndWhetherItIsJudgedOverloaded() {
        // No request may wait here (WORK_QUEUE_TIMEOUT_MS=0), so nobody waits and the queue is never judged.
        assertThat(meters.get("routstr.requests.waiting").gauge().value()).isZero();
        assertThat(meters.get("routstr.work.queue.overloaded").gauge().value()).isZero();
    }

    private double working() {
        return meters.get("routstr.requests.working").gauge().value();
    }

    private double shedByWork() {
        return meters.get("routstr.overload.shed")
                .tag("signal", "work")
                .counter()
                .count();
    }

    private long reservations(FundedKey key) {
        return count("SELECT count(*) FROM reservations WHERE billing_key_id = ?", key);
    }

    private long charges(FundedKey key) {
        return count("SELECT count(*) FROM reservations WHERE billing_key_id = ? AND state = 'CHARGED'", key);
    }

    private long count(String sql, FundedKey key) {
        Long count = proxy.jdbc().queryForObject(sql, Long.class, key.key().id().value());
        return count == null ? 0 : count;
    }

    private HttpRequest chat(FundedKey key) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key.bearer())
                .POST(HttpRequest.BodyPublishers.ofString(CHAT))
                .build();
    }
}

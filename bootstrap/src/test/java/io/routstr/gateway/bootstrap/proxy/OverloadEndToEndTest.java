package io.routstr.gateway.bootstrap.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.routstr.gateway.bootstrap.GatewayApplication;
import io.routstr.gateway.bootstrap.proxy.ProxyTestSupport.FundedKey;
import io.routstr.gateway.rest.limits.InFlightLimitFilter;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer.Behaviour;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Overload is answered, not queued, over real HTTP: with one request allowed in flight, a second is shed with 503
 * {@code node_overloaded} and {@code Retry-After} while the probes keep answering; with every database connection
 * taken, a paid request is answered 503 {@code database_busy} with {@code Retry-After} after the pool's short wait,
 * never 500; while the queue for turns at work turns newcomers away, a paid request is answered 503 at Jetty's door,
 * before the servlet context. No shed request leaves a reservation or moves a msat.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({ProxyFixture.class, OverloadEndToEndTest.QueueTurningAway.class})
class OverloadEndToEndTest {

    /** Whether the queue for turns at work turns paid newcomers away: set by a test, as a flood would. */
    static final AtomicBoolean QUEUE_TURNS_AWAY = new AtomicBoolean();

    @TestConfiguration(proxyBeanMethods = false)
    static class QueueTurningAway {
        @Bean
        @Primary
        InFlightLimitFilter.PaidWorkSaturation queueTurningAway() {
            return QUEUE_TURNS_AWAY::get;
        }
    }

    static final FakeOpenAiServer upstream = FakeOpenAiServer.start().btcUsd(ProxyTestSupport.BTC_USD);
    static final long FUNDS = 10_000_000;
    static final int POOL = 3;
    static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ProxyTestSupport.properties(registry, upstream);
        registry.add("MAX_CONCURRENT_REQUESTS", () -> "1");
        registry.add("REQUEST_QUEUE_TIMEOUT_MS", () -> "0");
        registry.add("DATABASE_POOL_SIZE", () -> Integer.toString(POOL));
        registry.add("DATABASE_POOL_TIMEOUT_MS", () -> "250");
        // One turn at work: a paid request that asked the queue again after the door had granted it its turn would
        // wait for itself and be shed after this wait.
        registry.add("MAX_WORKING_REQUESTS", () -> "1");
        registry.add("WORK_QUEUE_TIMEOUT_MS", () -> "2000");
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
    DataSource dataSource;

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
    void aRequestBeyondTheInFlightBoundIs503WithRetryAfter_reservesNothing_andTheProbesStillAnswer() throws Exception {
        FundedKey held = proxy.fundedKey(FUNDS);
        FundedKey shed = proxy.fundedKey(FUNDS);
        double shedBefore = shedWithoutPermit();
        upstream.behave(Behaviour.SLOW_FIRST_BYTE).slowFirstByte(Duration.ofMillis(700));
        CompletableFuture<HttpResponse<String>> inFlight =
                http.sendAsync(chat(held), HttpResponse.BodyHandlers.ofString());
        ProxyTestSupport.await(() -> proxy.activeReservations(held) == 1, Duration.ofSeconds(5));

        HttpResponse<String> refused = http.send(chat(shed), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> live = http.send(get("/livez"), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("retry-after")).hasValue("1");
        assertThat(json.readTree(refused.body()).at("/error/code").asText()).isEqualTo("node_overloaded");
        assertThat(json.readTree(refused.body()).at("/request_id").asText()).isNotBlank();
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(shedWithoutPermit())
                .as("the shed is counted where an operator looks")
                .isEqualTo(shedBefore + 1);
        assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(proxy.balance(shed)).isEqualTo(FUNDS);
        assertThat(reservations(shed)).isZero();
        assertThat(proxy.activeReservations(held)).isZero();
        assertThat(proxy.ledgerHolds()).isTrue();
    }

    @Test
    void withEveryDatabaseConnectionTaken_aPaidRequestIs503DatabaseBusyWithRetryAfter_neverA500() throws Exception {
        FundedKey key = proxy.fundedKey(FUNDS);
        HttpResponse<String> refused;
        List<Connection> taken = new ArrayList<>();
        try {
            for (int i = 0; i < POOL; i++) {
                taken.add(dataSource.getConnection());
            }
            refused = http.send(chat(key), HttpResponse.BodyHandlers.ofString());
        } finally {
            for (Connection connection : taken) {
                connection.close();
            }
        }

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("retry-after")).isPresent();
        assertThat(json.readTree(refused.body()).at("/error/code").asText()).isEqualTo("database_busy");
        assertThat(refused.body()).doesNotContain("Exception").doesNotContain("Hikari");
        assertThat(proxy.balance(key)).isEqualTo(FUNDS);
        assertThat(reservations(key)).isZero();
        assertThat(http.send(chat(key), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void whileTheQueueForWorkTurnsNewcomersAway_aPaidRequestIs503AtTheDoor_neverReachingTheServletContext()
            throws Exception {
        FundedKey key = proxy.fundedKey(FUNDS);
        double dispatchedBefore = dispatched();
        HttpResponse<String> refused;
        HttpResponse<String> info;
        try {
            QUEUE_TURNS_AWAY.set(true);
            refused = http.send(chat(key), HttpResponse.BodyHandlers.ofString());
            info = http.send(get("/v1/info"), HttpResponse.BodyHandlers.ofString());
        } finally {
            QUEUE_TURNS_AWAY.set(false);
        }

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("retry-after")).hasValue("1");
        assertThat(json.readTree(refused.body()).at("/error/code").asText()).isEqualTo("node_overloaded");
        assertThat(json.readTree(refused.body()).at("/request_id").asText())
                .isEqualTo(refused.headers().firstValue("x-routstr-request-id").orElseThrow());
        assertThat(info.statusCode())
                .as("a request that is not paid still comes in")
                .isEqualTo(200);
        assertThat(dispatched())
                .as("only /v1/info reached the servlet context's observation")
                .isEqualTo(dispatchedBefore + 1);
        assertThat(proxy.balance(key)).isEqualTo(FUNDS);
        assertThat(reservations(key)).isZero();
        assertThat(http.send(chat(key), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aPaidRequestDoesItsWorkOnTheTurnItWasGrantedAtTheDoor_andGivesTurnAndPermitBack() throws Exception {
        FundedKey key = proxy.fundedKey(FUNDS);
        double workShedBefore = shed("work");

        HttpResponse<String> first = http.send(chat(key), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> second = http.send(chat(key), HttpResponse.BodyHandlers.ofString());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode())
                .as("the one turn was given back with the first answer")
                .isEqualTo(200);
        assertThat(shed("work")).isEqualTo(workShedBefore);
        ProxyTestSupport.await(
                () -> gauge("routstr.requests.working") == 0 && gauge("routstr.requests.in_flight") == 0,
                Duration.ofSeconds(5));
        assertThat(proxy.ledgerHolds()).isTrue();
    }

    private double shed(String signal) {
        return meters.find("routstr.overload.shed").tag("signal", signal).counters().stream()
                .mapToDouble(counter -> counter.count())
                .sum();
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private double dispatched() {
        return meters.find("http.server.requests").timers().stream()
                .mapToDouble(timer -> timer.count())
                .sum();
    }

    private long reservations(FundedKey key) {
        Long count = proxy.jdbc()
                .queryForObject(
                        "SELECT count(*) FROM reservations WHERE billing_key_id = ?",
                        Long.class,
                        key.key().id().value());
        return count == null ? 0 : count;
    }

    private HttpRequest chat(FundedKey key) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key.bearer())
                .POST(HttpRequest.BodyPublishers.ofString(CHAT))
                .build();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .GET()
                .build();
    }

    private double shedWithoutPermit() {
        return meters.get("routstr.overload.shed")
                .tag("signal", "in_flight")
                .functionCounter()
                .count();
    }
}

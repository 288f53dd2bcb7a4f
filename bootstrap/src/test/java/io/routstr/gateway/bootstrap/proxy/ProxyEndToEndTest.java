package io.routstr.gateway.bootstrap.proxy;

import static io.routstr.gateway.bootstrap.proxy.ProxyTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.routstr.gateway.application.port.out.RequestLimitPort;
import io.routstr.gateway.bootstrap.proxy.ProxyTestSupport.FundedKey;
import io.routstr.gateway.domain.key.RateLimits;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The proxy over real HTTP, driven by the official OpenAI Java SDK, against fake OpenAI-compatible upstreams; every
 * key is funded through the ledger and every bill checked to the msat.
 *
 * <p>Prices: {@code gpt-4o-mini} costs 0.15 USD per million prompt tokens and 0.60 per million completion tokens; at
 * 1000 USD per BTC that is 15 and 60 msats per token. The fake reports 10 prompt and 5 completion tokens: 450 msats.
 */
@NodeOnTestMint
class ProxyEndToEndTest {

    static final FakeOpenAiServer upstreamA = FakeOpenAiServer.start().btcUsd(ProxyTestSupport.BTC_USD);
    static final FakeOpenAiServer upstreamB = FakeOpenAiServer.start();
    static final long FUNDS = 10_000_000;
    static final long COST = 10 * 15 + 5 * 60;

    @AfterAll
    static void stopUpstreams() {
        upstreamA.close();
        upstreamB.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ProxyFixture proxy;

    @Autowired
    RequestLimitPort requestLimits;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private FundedKey key;
    private OpenAIClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void oneProviderAndAFundedKey() {
        upstreamA.behave(Behaviour.OK).down(false);
        upstreamB.behave(Behaviour.OK).down(false);
        proxy.servedOnlyBy(upstreamA);
        key = proxy.fundedKey(FUNDS);
        client = OpenAIOkHttpClient.builder()
                .apiKey(key.bearer())
                .baseUrl("http://localhost:" + port + "/v1")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    private static ChatCompletionCreateParams.Builder chat() {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("hi");
    }

    private void assertNothingHeldAndLedgerBalanced() {
        assertThat(proxy.activeReservations(key)).isZero();
        assertThat(proxy.ledgerHolds()).isTrue();
    }

    @Test
    void aCompletionIsChargedItsExactCost_andTheUpstreamSeesOnlyItsOwnKeyAndModelName() {
        // The node is shared with other test classes: this answer must add to the count, not merely find it.
        double answeredBefore = answeredUpstreamRequests();

        ChatCompletion completion = client.chat().completions().create(chat().build());

        assertThat(completion.choices().getFirst().message().content()).contains("Hello from the fake upstream");
        assertThat(completion.model()).isEqualTo("gpt-4o-mini");
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(5);
        assertThat(completion
                        .usage()
                        .orElseThrow()
                        ._additionalProperties()
                        .get("cost")
                        .toString())
                .contains("total_msats=" + COST);
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - COST);
        FakeOpenAiServer.Recorded sent = upstreamA.lastRequest();
        assertThat(sent.header("Authorization"))
                .startsWith("Bearer sk-upstream-")
                .doesNotContain(key.bearer());
        assertThat(sent.body()).containsEntry("model", "gpt-4o-mini");
        assertThat(answeredUpstreamRequests()).isEqualTo(answeredBefore + 1);
        assertNothingHeldAndLedgerBalanced();
    }

    private double answeredUpstreamRequests() {
        return meters.find("routstr.upstream.requests").tag("outcome", "answered").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count)
                .sum();
    }

    @Test
    void aWholeAnswerCarriesTheCostHeaders() throws Exception {
        HttpResponse<String> response = post(
                "/v1/chat/completions",
                "{\"model\":\"GPT-4o-mini\",\"messages\":" + "[{\"role\":\"user\",\"content\":\"hi\"}]}",
                null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Routstr-Cost-Msats")).contains(Long.toString(COST));
        assertThat(response.headers().firstValue("X-Routstr-Input-Cost-Msats")).contains("150");
        assertThat(response.headers().firstValue("X-Routstr-Output-Cost-Msats")).contains("300");
        assertThat(response.headers().firstValue("X-Routstr-Cost-Usd")).contains("0.0000045");
        assertThat(response.body()).contains("\"provider\":\"generic\"").contains("\"cost_sats\":0.45");
    }

    @Test
    void aStreamWithIncludeUsageEndsWithTheUsageChunk_chargedBeforeTheStreamCloses() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(chat().streamOptions(ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .build())) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                if (chunk.usage().isPresent()) {
                    assertThat(proxy.balance(key)).isEqualTo(FUNDS - COST);
                }
            });
        }

        StringBuilder text = new StringBuilder();
        chunks.forEach(
                c -> c.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        assertThat(text.toString()).isEqualTo("Hello from the fake upstream");
        ChatCompletionChunk last = chunks.getLast();
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().orElseThrow().totalTokens()).isEqualTo(15);
        assertThat(last._additionalProperties()).containsKey("cost");
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - COST);
        assertNothingHeldAndLedgerBalanced();
    }

    @Test
    void aStreamWithoutIncludeUsageGetsNoUsageOnlyChunk_butItsFinalChunkCarriesUsageAndCost() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream =
                client.chat().completions().createStreaming(chat().build())) {
            stream.stream().forEach(chunks::add);
        }

        assertThat(upstreamA.lastRequest().body().get("stream_options").toString())
                .contains("include_usage=true");
        assertThat(chunks).allSatisfy(c -> assertThat(c.choices()).isNotEmpty());
        ChatCompletionChunk last = chunks.getLast();
        assertThat(last.choices().getFirst().finishReason()).isPresent();
        assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(5);
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - COST);
        assertNothingHeldAndLedgerBalanced();
    }

    @Test
    void aStreamsIdAndRetryFieldsReachTheClientAsSent_andTheStreamIsChargedItsExactCost() throws Exception {
        upstreamA.behave(Behaviour.EVENT_IDS);

        HttpResponse<String> response = post(
                "/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                null);

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> lines = response.body().lines().toList();
        assertThat(lines).startsWith("retry: 2500", "");
        List<String> ids =
                lines.stream().filter(line -> line.startsWith("id: ")).toList();
        assertThat(ids).startsWith("id: c-0", "id: c-1", "id: c-2");
        // Each id stays with its own chunk: the line after it is that chunk's data.
        assertThat(lines.get(lines.indexOf("id: c-0") + 1))
                .startsWith("data: {")
                .contains("\"role\":\"assistant\"");
        assertThat(lines).contains("data: [DONE]");
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - COST);
        assertNothingHeldAndLedgerBalanced();
    }

    @Test
    void anAnswerWithoutUsageIsChargedAnEstimateFromItsText() {
        upstreamA.behave(Behaviour.NO_USAGE);

        client.chat().completions().create(chat().build());

        // "hi": 1 prompt token; the 28-character reply: 10 completion tokens (one per three characters, rounded up).
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - (15 + 10 * 60));
        assertNothingHeldAndLedgerBalanced();
    }

    @Test
    void anUpstream500Is424UpstreamUnavailableScopedToTheUpstream_andChargesNothing() throws Exception {
        upstreamA.behave(Behaviour.ERROR_500);

        assertThatThrownBy(() -> client.chat().completions().create(chat().build()))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(424);
                    assertThat(e.headers().values("X-Routstr-Error-Scope")).containsExactly("upstream");
                    assertThat(e.code()).contains("UPSTREAM_UNAVAILABLE");
                });
        HttpResponse<String> raw = post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[]}", null);
        assertThat(raw.statusCode()).isEqualTo(424);
        assertThat(raw.body()).contains("\"upstream_status\":500").contains("request_id");

        assertThat(proxy.balance(key)).isEqualTo(FUNDS);
        assertNothingHeldAndLedgerBalanced();
    }

    @Test
    void anUpstreamRateLimitIsClassified() throws Exception {
        upstreamA.behave(Behaviour.ERROR_429);

        HttpResponse<String> response =
                post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[]}", null);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
        assertThat(response.body()).contains("UPSTREAM_RATE_LIMIT").contains("request_id");
        assertThat(proxy.balance(key)).isEqualTo(FUNDS);
    }

    @Test
    void aHangingUpstreamTimesOutAndChargesNothing_aSlowFirstByteWithinTheTimeoutIsServed() {
        upstreamA.behave(Behaviour.HANG);
        assertThatThrownBy(() -> client.chat().completions().create(chat().build()))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(424);
                    assertThat(e.headers().values("X-Routstr-Error-Scope")).containsExactly("upstream");
                    assertThat(e.code()).contains("UPSTREAM_UNAVAILABLE");
                });
        assertThat(proxy.balance(key)).isEqualTo(FUNDS);

        upstreamA.behave(Behaviour.SLOW_FIRST_BYTE).slowFirstByte(Duration.ofMillis(300));
        assertThat(client.chat().completions().create(chat().build()).choices()).isNotEmpty();
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - COST);
        assertNothingHeldAndLedgerBalanced();
    }

    @Test
    void aClientThatLeavesMidStreamPaysForWhatWasGenerated_neitherNothingNorTheReservation() throws Exception {
        upstreamA.behave(Behaviour.SLOW_STREAM);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key.bearer())
                .header("Content-Type", "application/json")
                .POST(
                        HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            int events = 0;
            while (events < 5) {
                String line = reader.readLine();
                if (line != null && line.startsWith("data: ")) {
                    events++;
                }
            }
        }

        await(() -> proxy.activeReservations(key) == 0, Duration.ofSeconds(20));
        Long charged = proxy.jdbc()
                .queryForObject(
                        "SELECT charged_msats FROM reservations WHERE billing_key_id = ?",
                        Long.class,
                        key.key().id().value());
        Long reserved = proxy.jdbc()
                .queryForObject(
                        "SELECT amount_msats FROM reservations WHERE billing_key_id = ?",
                        Long.class,
                        key.key().id().value());
        assertThat(charged).isPositive().isLessThan(reserved);
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - charged);
        assertThat(proxy.ledgerHolds()).isTrue();
    }

    @Test
    void whileTheFirstProviderIsDownTheSecondServes_billedAtItsOwnPrice() {
        ProxyTestSupport.addProvider(proxy.providers(), upstreamB, "2.0");
        proxy.catalog().refresh();
        upstreamA.down(true);
        int servedByB = upstreamB.completions();

        ChatCompletion completion = client.chat().completions().create(chat().build());

        assertThat(completion.choices()).isNotEmpty();
        assertThat(upstreamB.completions()).isEqualTo(servedByB + 1);
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - 2 * COST);
        assertNothingHeldAndLedgerBalanced();
    }

    @Test
    void modelPathsListEveryRouteAtItsOwnSatsPrice_andAPinnedPathIsServedByThatRouteAlone() throws Exception {
        ProxyTestSupport.addProvider(proxy.providers(), upstreamB, "2.0");
        proxy.catalog().refresh();
        com.fasterxml.jackson.databind.JsonNode listing = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(http.send(
                                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/models/paths"))
                                        .header("accept", "application/json")
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
        com.fasterxml.jackson.databind.JsonNode paths = listing.at("/data/0/paths");
        assertThat(listing.at("/data/0/id").asText()).isEqualTo("openai/gpt-4o-mini");
        assertThat(listing.has("updated_at")).isTrue();
        assertThat(paths.size()).isEqualTo(2);
        // Fee 1.0 then 2.0: 0.15 USD per million prompt tokens is 0.015 sats per token at 1000 USD/BTC, then twice
        // that.
        assertThat(paths.get(0).at("/model/sats_pricing/prompt").decimalValue()).isEqualByComparingTo("0.015");
        assertThat(paths.get(1).at("/model/sats_pricing/prompt").decimalValue()).isEqualByComparingTo("0.03");
        assertThat(paths.get(1).at("/model/sats_pricing/max_cost").isNumber()).isTrue();
        String pathOfA = paths.get(0).get("path").asText();
        String pathOfB = paths.get(1).get("path").asText();
        int servedByA = upstreamA.completions();
        int servedByB = upstreamB.completions();

        HttpResponse<String> pinnedToB = pinned(pathOfB);
        upstreamA.down(true);
        HttpResponse<String> pinnedToDownA = pinned(pathOfA);

        assertThat(pinnedToB.statusCode()).isEqualTo(200);
        assertThat(pinnedToB.headers().firstValue("X-Routstr-Cost-Msats")).contains(Long.toString(2 * COST));
        assertThat(pinnedToDownA.statusCode()).isEqualTo(424);
        assertThat(pinnedToDownA.headers().firstValue("X-Routstr-Error-Scope")).contains("upstream");
        // A, down, was asked once and once more for its 503 (UPSTREAM_5XX_RETRY_ATTEMPTS, 1 by default), never failed
        // over from (its 503 would send an unpinned request on to B); B served only its own pin.
        assertThat(upstreamA.completions()).isEqualTo(servedByA + 2);
        assertThat(upstreamB.completions()).as("no failover to B").isEqualTo(servedByB + 1);
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - 2 * COST);
        assertThat(pinned("url=nowhere&model-id=gpt-4o-mini").statusCode()).isEqualTo(400);
        assertNothingHeldAndLedgerBalanced();
    }

    private HttpResponse<String> pinned(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                        .header("Authorization", "Bearer " + key.bearer())
                        .header("Content-Type", "application/json")
                        .header("X-Routstr-Model-Path", path)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anUnknownModelIsRefusedBeforeAnyMoneyMoves() throws Exception {
        HttpResponse<String> response =
                post("/v1/chat/completions", "{\"model\":\"no-such-model\",\"messages\":[]}", null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Model 'no-such-model' not found").contains("invalid_model");
    }

    @Test
    void anUnknownKeyIsRefused() throws Exception {
        HttpResponse<String> response = post(
                "/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[]}",
                "sk-0000000000000000000000000000000000000000000000000000000000000000");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("invalid_api_key");
    }

    @Test
    void browserClientsMayReadTheCostHeaders() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                        .header("Origin", "https://chat.example")
                        .header("Authorization", "Bearer " + key.bearer())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"messages\":[]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        // CORS_ORIGINS defaults to any origin, which is answered with "*" and never with credentials.
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials"))
                .isEmpty();
        assertThat(response.headers()
                        .firstValue("Access-Control-Expose-Headers")
                        .orElseThrow()
                        .toLowerCase())
                .contains("x-routstr-cost-msats")
                .contains("x-cashu")
                .contains("x-routstr-request-id");
    }

    @Test
    void aPlainPostAndABrowsersAreBilledAlike_andCountedUnderTheirRoutesPattern() throws Exception {
        // The plain POST is served without MVC's dispatch, the browser's (Origin: CORS) through it.
        double countedBefore = requestsCountedUnder("/v1/chat/completions") + requestsCountedUnder("/chat/completions");

        HttpResponse<String> plain =
                http.send(chatRequest("/v1/chat/completions").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> browsers = http.send(
                chatRequest("/chat/completions")
                        .header("Origin", "https://chat.example")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> response : List.of(plain, browsers)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Routstr-Cost-Msats")).contains(Long.toString(COST));
            assertThat(response.headers().firstValue("x-routstr-request-id")).isPresent();
        }
        assertThat(plain.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(browsers.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - 2 * COST);
        ProxyTestSupport.await(
                () -> requestsCountedUnder("/v1/chat/completions") + requestsCountedUnder("/chat/completions")
                        == countedBefore + 2,
                Duration.ofSeconds(5));
        assertNothingHeldAndLedgerBalanced();
    }

    @Test
    void aPlainPostAndABrowsersAreTimedInOneSeries_servedOrRefused() throws Exception {
        // The plain POST's request metric is recorded directly, the browser's by Spring's observation: the same tags.
        Timer served = requestSeries("200", "SUCCESS");
        Timer refused = requestSeries("401", "CLIENT_ERROR");
        long servedBefore = served.count();
        long refusedBefore = refused.count();

        HttpRequest.Builder plain = chatRequest("/v1/chat/completions");
        HttpRequest.Builder browsers = chatRequest("/v1/chat/completions").header("Origin", "https://chat.example");
        for (HttpRequest.Builder request : List.of(plain, browsers)) {
            assertThat(http.send(request.build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
            assertThat(http.send(
                                    request.copy()
                                            .setHeader("Authorization", "Bearer sk-" + "0".repeat(64))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(401);
        }

        ProxyTestSupport.await(
                () -> served.count() == servedBefore + 2 && refused.count() == refusedBefore + 2,
                Duration.ofSeconds(5));
        assertThat(meters.find("http.server.requests")
                        .tag("uri", "/v1/chat/completions")
                        .timers())
                .as("no series of other tags for the route")
                .allSatisfy(timer -> assertThat(timer.getId().getTags())
                        .extracting(Tag::getKey)
                        .contains("application", "error", "exception", "method", "outcome", "status", "uri"));
        assertNothingHeldAndLedgerBalanced();
    }

    private Timer requestSeries(String status, String outcome) {
        return Timer.builder("http.server.requests")
                .tags(
                        "error", "none",
                        "exception", "none",
                        "method", "POST",
                        "outcome", outcome,
                        "status", status,
                        "uri", "/v1/chat/completions")
                .register(meters);
    }

    private HttpRequest.Builder chatRequest(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + key.bearer())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    }

    private double requestsCountedUnder(String uri) {
        return meters.find("http.server.requests").tag("uri", uri).timers().stream()
                .mapToDouble(timer -> timer.count())
                .sum();
    }

    @Test
    void theModelListShowsUsdAndSatsPrices() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/models"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"id\":\"openai/gpt-4o-mini\"")
                .contains("\"sats_pricing\":{\"prompt\":0.015")
                .contains("\"upstream_provider_id\":\"generic\"")
                .contains("\"alias_ids\":[");
    }

    @Test
    void aResponsesStreamCarriesUsageAndCostInItsCompletedEvent() throws Exception {
        HttpResponse<String> response =
                post("/v1/responses", "{\"model\":\"gpt-4o-mini\",\"input\":\"hi\",\"stream\":true}", null);

        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        String completed = response.body()
                .lines()
                .filter(l -> l.contains("response.completed") && l.startsWith("data:"))
                .findFirst()
                .orElseThrow();
        assertThat(completed).contains("\"total_msats\":" + COST);
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - COST);
    }

    @Test
    void aRequestForManyChoicesHoldsThemAll_soOneTheBalanceCannotCoverIsRefusedBeforeTheUpstream() throws Exception {
        int upstreamCalls = upstreamA.completions();
        // 128 choices of up to 16 384 tokens at 60 msats: about 126 million msats, beyond the 10 million funded.
        HttpResponse<String> response = post(
                "/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"n\":128,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                null);

        assertThat(response.statusCode()).isEqualTo(402);
        assertThat(response.body()).contains("\"code\":\"insufficient_balance\"");
        assertThat(upstreamA.completions()).isEqualTo(upstreamCalls);
        assertThat(proxy.balance(key)).isEqualTo(FUNDS);

        HttpResponse<String> capped = post(
                "/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"n\":128,\"max_tokens\":5,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                null);

        assertThat(capped.statusCode()).isEqualTo(200);
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - COST);
        assertNothingHeldAndLedgerBalanced();
    }

    @Test
    void anthropicMessagesAreTranslatedForAChatCompletionsProvider() throws Exception {
        HttpResponse<String> response = post(
                "/v1/messages",
                "{\"model\":\"gpt-4o-mini\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"type\":\"message\"").contains("\"input_tokens\":10");
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - COST);
    }

    @Test
    void legacyCompletionsEmbeddingsAndResponsesWorkThroughTheSdkAndAreBilledFromUsage() {
        com.openai.models.completions.Completion completion = client.completions()
                .create(com.openai.models.completions.CompletionCreateParams.builder()
                        .model("gpt-4o-mini")
                        .prompt("hi")
                        .build());
        assertThat(completion.choices().getFirst().text()).isEqualTo("Hello from the fake upstream");
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - COST);

        com.openai.models.embeddings.CreateEmbeddingResponse embedding = client.embeddings()
                .create(com.openai.models.embeddings.EmbeddingCreateParams.builder()
                        .model("gpt-4o-mini")
                        .input("hello")
                        .build());
        assertThat(embedding.data()).hasSize(1);
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - COST - 10 * 15);

        com.openai.models.responses.Response response = client.responses()
                .create(com.openai.models.responses.ResponseCreateParams.builder()
                        .model("gpt-4o-mini")
                        .input("hi")
                        .build());
        assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(5);
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - 2 * COST - 10 * 15);
        assertNothingHeldAndLedgerBalanced();
    }

    @Test
    void aKeysOwnRequestsPerMinuteLimitIsEnforced() throws Exception {
        requestLimits.setLimits(
                key.key().id(),
                new RateLimits(
                        java.util.OptionalInt.of(1), java.util.OptionalLong.empty(), java.util.OptionalInt.empty()));
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        assertThat(post("/v1/chat/completions", body, null).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = post("/v1/chat/completions", body, null);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(limited.body()).contains("rate_limit_exceeded").contains("requests_per_minute");
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - COST);
    }

    @Test
    void anAnthropicMessagesStreamIsTranslated_itsMessageDeltaCarriesTheCost() throws Exception {
        HttpResponse<String> response = post(
                "/v1/messages",
                "{\"model\":\"gpt-4o-mini\",\"max_tokens\":50,\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                null);

        List<String> events =
                response.body().lines().filter(l -> l.startsWith("event: ")).toList();
        assertThat(events.getFirst()).isEqualTo("event: message_start");
        assertThat(events.getLast()).isEqualTo("event: message_stop");
        String delta = response.body()
                .lines()
                .filter(l -> l.startsWith("data: ") && l.contains("\"message_delta\""))
                .findFirst()
                .orElseThrow();
        assertThat(delta).contains("\"output_tokens\":5").contains("\"total_msats\":" + COST);
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - COST);
    }

    @Test
    void aThousandRandomRequestsLeaveTheLedgerBalancedAndNoReservationActive() throws Exception {
        long funds = 1_000_000_000L;
        FundedKey wallet = proxy.fundedKey(funds);
        long seed = System.nanoTime();
        java.util.Random random = new java.util.Random(seed);
        List<java.util.concurrent.Callable<Integer>> requests = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int pick = random.nextInt(100);
            int readEvents = 1 + random.nextInt(4);
            boolean includeUsage = random.nextBoolean();
            requests.add(() -> randomRequest(wallet, pick, readEvents, includeUsage));
        }
        java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            for (java.util.concurrent.Future<Integer> f : pool.invokeAll(requests)) {
                statuses.merge(f.get(), 1, Integer::sum);
            }
        }

        await(() -> proxy.activeReservations(wallet) == 0, Duration.ofSeconds(30));
        // From the ledger: a request charged on a standing hold kept in place has a CHARGE but no reservation.
        Long charged = proxy.jdbc()
                .queryForObject(
                        "SELECT coalesce(sum(amount_msats), 0) FROM ledger_entries"
                                + " WHERE key_id = ? AND entry_type = 'CHARGE'",
                        Long.class,
                        wallet.key().id().value());
        Long overruns = proxy.jdbc()
                .queryForObject(
                        "SELECT count(*) FROM reservations WHERE billing_key_id = ? AND charged_msats > amount_msats",
                        Long.class,
                        wallet.key().id().value());
        assertThat(proxy.ledgerHolds()).as("ledger invariant, seed %d", seed).isTrue();
        assertThat(proxy.balance(wallet)).as("seed %d", seed).isEqualTo(funds - charged);
        assertThat(overruns).isZero();
        assertThat(statuses).as("seed %d", seed).containsKeys(200, 424, 429);
    }

    /** One request of the randomized run; returns its status (or 0 for a client that left mid-stream). */
    private int randomRequest(FundedKey wallet, int pick, int readEvents, boolean includeUsage) throws Exception {
        String behaviour;
        boolean stream = false;
        boolean leave = false;
        String path = "/v1/chat/completions";
        if (pick < 30) {
            behaviour = "ok";
        } else if (pick < 50) {
            behaviour = "ok";
            stream = true;
        } else if (pick < 58) {
            behaviour = "no_usage";
            stream = pick % 2 == 0;
        } else if (pick < 66) {
            behaviour = "error_500";
        } else if (pick < 71) {
            behaviour = "error_429";
        } else if (pick < 75) {
            behaviour = "error_503";
        } else if (pick < 77) {
            behaviour = "hang";
        } else if (pick < 82) {
            behaviour = "slow_first_byte";
        } else if (pick < 90) {
            behaviour = "slow_stream";
            stream = true;
            leave = true;
        } else if (pick < 95) {
            behaviour = "broken_stream";
            stream = true;
        } else {
            behaviour = "ok";
            path = "/v1/embeddings";
        }
        String body = path.endsWith("embeddings")
                ? "{\"model\":\"gpt-4o-mini\",\"input\":\"hello there\"}"
                : "{\"model\":\"gpt-4o-mini\",\"stream\":" + stream
                        + (includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "")
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"tell me something\"}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + wallet.bearer())
                .header("Content-Type", "application/json")
                .header(FakeOpenAiServer.BEHAVIOUR_HEADER, behaviour)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        if (!leave) {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        }
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            int events = 0;
            String line;
            while (events < readEvents && (line = reader.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    events++;
                }
            }
        }
        return 0;
    }

    private HttpResponse<String> post(String path, String json, String bearer) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Bearer " + (bearer == null ? key.bearer() : bearer))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

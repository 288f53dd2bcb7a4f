package io.routstr.gateway.bootstrap.proxy;

import static io.routstr.gateway.bootstrap.proxy.OfflineFixedPricingEndToEndTest.model;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.bootstrap.GatewayApplication;
import io.routstr.gateway.bootstrap.proxy.ProxyTestSupport.FundedKey;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
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
 * Model pricing with a models file in OpenRouter's shape ({@code {"data":[…]}}) and a live OpenRouter catalogue
 * served by the fake ({@code OPENROUTER_MODELS_URL}): the live price comes before the file's, the file prices what the
 * live catalogue lacks, and a listed model nothing prices is listed disabled with the reason and never served. The
 * rate is the operator's static {@code BTC_USD_RATE}; the tickers are not asked.
 *
 * <p>At 1000 USD per BTC, 0.000001 USD per token is 100 msats; the fake answers 10 prompt and 5 completion tokens.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ProxyFixture.class)
class ModelCatalogueEndToEndTest {

    static final FakeOpenAiServer upstream = FakeOpenAiServer.start()
            // The tickers say 2000; the operator's static BTC_USD_RATE of 1000 is what prices requests.
            .btcUsd("2000")
            .models("vendor/house-model", "vendor/live-model", "mystery-model")
            .openRouterCatalogue(Map.of(
                    "data",
                    List.of(Map.of(
                            "id",
                            "vendor/live-model",
                            "context_length",
                            1000,
                            "pricing",
                            Map.of("prompt", "0.000003", "completion", "0.000004")))));
    static final long FUNDS = 10_000_000;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ProxyTestSupport.properties(registry, upstream);
        registry.add(
                "MODELS_PATH",
                () -> OfflineFixedPricingEndToEndTest.modelsFile(
                        "{\"data\":[{\"id\":\"vendor/house-model\",\"context_length\":1000,"
                                + "\"pricing\":{\"prompt\":\"0.000001\",\"completion\":\"0.000002\"}},"
                                + "{\"id\":\"vendor/live-model\",\"context_length\":1000,"
                                + "\"pricing\":{\"prompt\":\"0.1\",\"completion\":\"0.1\"}}]}"));
        registry.add("OPENROUTER_MODELS_URL", upstream::openRouterCatalogueUrl);
        registry.add("BTC_USD_RATE", () -> ProxyTestSupport.BTC_USD);
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ProxyFixture proxy;

    private final HttpClient http = HttpClient.newHttpClient();
    private FundedKey key;

    @BeforeEach
    void oneProviderAndAFundedKey() {
        proxy.servedOnlyByWithoutARate(upstream);
        assertThat(proxy.rates().current().orElseThrow().usdPerBtc()).isEqualByComparingTo(ProxyTestSupport.BTC_USD);
        key = proxy.fundedKey(FUNDS);
    }

    @Test
    void aModelTheOpenRouterShapedFilePricesIsChargedItsExactCost() throws Exception {
        HttpResponse<String> response = chat("house-model");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - (10 * 100 + 5 * 200));
        assertThat(proxy.activeReservations(key)).isZero();
    }

    @Test
    void theLiveCatalogueComesBeforeTheModelsFile() throws Exception {
        HttpResponse<String> response = chat("vendor/live-model");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - (10 * 300 + 5 * 400));
    }

    @Test
    void aListedModelNothingPricesIsListedDisabledWithTheReason_andNotServed() throws Exception {
        HttpResponse<String> list = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/models"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode models = new ObjectMapper().readTree(list.body()).get("data");

        JsonNode mystery = model(models, "mystery-model");
        assertThat(mystery.get("enabled").asBoolean()).isFalse();
        assertThat(mystery.at("/x_routstr/price_source").asText()).isEqualTo("none");
        assertThat(mystery.at("/x_routstr/disabled_reason").asText()).contains("FIXED_PRICING");
        assertThat(model(models, "vendor/house-model")
                        .at("/x_routstr/price_source")
                        .asText())
                .isEqualTo("models_file");
        assertThat(model(models, "vendor/live-model")
                        .at("/x_routstr/price_source")
                        .asText())
                .isEqualTo("openrouter");
        assertThat(model(models, "vendor/live-model").get("enabled").asBoolean())
                .isTrue();

        int before = upstream.completions();
        HttpResponse<String> response = chat("mystery-model");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("not found");
        assertThat(upstream.completions()).isEqualTo(before);
        assertThat(proxy.balance(key)).isEqualTo(FUNDS);
    }

    private HttpResponse<String> chat(String model) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                        .header("Authorization", "Bearer " + key.bearer())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

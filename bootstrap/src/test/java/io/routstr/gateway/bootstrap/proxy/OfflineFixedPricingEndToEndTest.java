package io.routstr.gateway.bootstrap.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.bootstrap.GatewayApplication;
import io.routstr.gateway.bootstrap.proxy.ProxyTestSupport.FundedKey;
import io.routstr.gateway.persistence.PersistenceTestApplication;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * A new operator's node on a network that reaches no BTC/USD ticker and no OpenRouter (issue 10): Routstr's
 * environment, {@code FIXED_PRICING=true} at 3 sats a request, and a models file in Routstr's own shape
 * ({@code {"models":[…]}}). Every model the upstream lists is served at the fixed price, including one no catalogue
 * prices, and no request waits for an exchange rate.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ProxyFixture.class)
class OfflineFixedPricingEndToEndTest {

    static final FakeOpenAiServer upstream = FakeOpenAiServer.start().models("vendor/house-model", "mystery-model");
    static final String UNREACHABLE = "http://127.0.0.1:1";
    static final long FIXED_MSATS = 3_000;
    static final long FUNDS = 1_000_000;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PersistenceTestApplication.registerDatabase(registry);
        registry.add(
                "MODELS_PATH",
                () -> modelsFile(
                        "{\"models\":[{\"id\":\"vendor/house-model\",\"name\":\"House model\",\"context_length\":1000,"
                                + "\"pricing\":{\"prompt\":\"0.000001\",\"completion\":\"0.000002\"}}]}"));
        registry.add("FIXED_PRICING", () -> "true");
        registry.add("FIXED_COST_PER_REQUEST", () -> "3");
        registry.add("BTC_USD_KRAKEN_URL", () -> UNREACHABLE + "/kraken");
        registry.add("BTC_USD_COINBASE_URL", () -> UNREACHABLE + "/coinbase");
        registry.add("BTC_USD_BINANCE_URL", () -> UNREACHABLE + "/binance");
        registry.add("OPENROUTER_MODELS_URL", () -> UNREACHABLE + "/api/v1/models");
        registry.add("UPSTREAM_CONNECT_TIMEOUT", () -> "500ms");
        registry.add("PRICE_SOURCE_TIMEOUT", () -> "2s");
    }

    static String modelsFile(String json) {
        try {
            Path file = Files.createTempFile("models", ".json");
            file.toFile().deleteOnExit();
            return Files.writeString(file, json).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        key = proxy.fundedKey(FUNDS);
    }

    @Test
    void aModelTheUpstreamListsThatNoCataloguePrices_isServedAtTheFixedPrice_withNoRateSourceReachable()
            throws Exception {
        assertThat(proxy.rates().current()).isEmpty();

        HttpResponse<String> response = chat("mystery-model");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(upstream.lastRequest().body()).containsEntry("model", "mystery-model");
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - FIXED_MSATS);
        assertThat(proxy.activeReservations(key)).isZero();
        assertThat(proxy.ledgerHolds()).isTrue();
    }

    @Test
    void aModelTheRoutstrShapedFilePricesIsServedAtTheFixedPriceToo() throws Exception {
        HttpResponse<String> response = chat("house-model");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - FIXED_MSATS);
    }

    @Test
    void theModelListHoldsEveryListedModel_sayingWhereItsPriceCameFrom() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/models"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode models = new ObjectMapper().readTree(response.body()).get("data");
        JsonNode house = model(models, "vendor/house-model");
        assertThat(house.get("enabled").asBoolean()).isTrue();
        assertThat(house.get("name").asText()).isEqualTo("House model");
        assertThat(house.at("/x_routstr/price_source").asText()).isEqualTo("models_file");
        JsonNode mystery = model(models, "mystery-model");
        assertThat(mystery.get("enabled").asBoolean()).isTrue();
        assertThat(mystery.at("/x_routstr/price_source").asText()).isEqualTo("none");
        // No rate needed for fixed prices in sats: the reservation a client must cover is advertised all the same.
        assertThat(mystery.at("/sats_pricing/max_cost").decimalValue()).isEqualByComparingTo("3");
        assertThat(house.at("/sats_pricing/request").decimalValue()).isEqualByComparingTo("3");
    }

    static JsonNode model(JsonNode models, String id) {
        for (JsonNode model : models) {
            if (model.get("id").asText().equals(id)) {
                return model;
            }
        }
        throw new AssertionError(id + " is not listed in " + models);
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

package io.routstr.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase;
import io.routstr.gateway.application.port.in.proxy.RefreshModelCatalogUseCase;
import io.routstr.gateway.application.port.out.ProviderStorePort;
import io.routstr.gateway.application.port.out.ProviderStorePort.NewProvider;
import io.routstr.gateway.bootstrap.config.CashuProperties;
import io.routstr.gateway.cashu.testmint.ts.CashuTsMint;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet;
import io.routstr.gateway.cashu.wallet.NodeSecretKey;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.ProviderSecret;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.persistence.PersistenceTestApplication;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import io.routstr.gateway.upstream.rates.ExchangeRateAdapter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Secrets never reach the log, even with every logger at DEBUG: the flows that carry them (a key created from a
 * token, a top-up, a request paid with {@code X-Cashu} and its change, a request paid with the key, a refund) run
 * against a real mint and a fake upstream while every log event is captured, and no event (message, arguments or
 * stack trace) holds an API key, a Cashu token, the node secret or a provider's key; nor, after the operator signs in,
 * reveals the seed and sends a Nostr key, the admin password, the session, the seed's mnemonic or that key.
 */
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"logging.level.root=DEBUG", "logging.threshold.console=WARN"})
class LogRedactionTest {

    static final String PROVIDER_KEY = "sk-provider-secret-4f0c9a7d2b1e8f6a5c3d";
    static final String ADMIN_PASSWORD = "log-redaction-admin-password-7d41c0";
    static final FakeOpenAiServer upstream = FakeOpenAiServer.start().btcUsd("1000");
    static final CashuTsMint MINT = CashuTsMint.start(0);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PersistenceTestApplication.registerDatabase(registry);
        registry.add("BTC_USD_KRAKEN_URL", () -> upstream.root() + "/kraken");
        registry.add("BTC_USD_COINBASE_URL", () -> upstream.root() + "/coinbase");
        registry.add("BTC_USD_BINANCE_URL", () -> upstream.root() + "/binance");
        registry.add("CASHU_MINTS", MINT::url);
        registry.add("PRIMARY_MINT_URL", MINT::url);
    }

    @AfterAll
    static void stop() {
        upstream.close();
        MINT.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProviderStorePort providers;

    @Autowired
    RefreshModelCatalogUseCase catalog;

    @Autowired
    ExchangeRateAdapter rates;

    @Autowired
    CashuProperties cashu;

    @Autowired
    AdminAccessUseCase access;

    private final Capture capture = new Capture();
    private final HttpClient http = HttpClient.newHttpClient();

    /** Every event of every logger, rendered as the log would show it, with its stack trace. */
    static final class Capture extends AppenderBase<ILoggingEvent> {
        final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

        @Override
        protected void append(ILoggingEvent event) {
            StringBuilder line =
                    new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
            event.getMDCPropertyMap()
                    .forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            lines.add(line.toString());
        }
    }

    @BeforeEach
    void captureEveryLogger() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        capture.setContext(context);
        capture.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
    }

    @AfterEach
    void stopCapturing() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(capture);
        capture.stop();
    }

    @Test
    void noSecretIsLoggedAtDebugThroughKeyCreationTopUpXCashuAndRefund() throws Exception {
        jdbc.update("DELETE FROM upstream_providers");
        providers.add(new NewProvider(
                ProviderType.GENERIC,
                upstream.baseUrl(),
                Optional.of(ProviderSecret.of(PROVIDER_KEY)),
                ProviderFee.of("1.0"),
                true,
                Optional.empty()));
        assertThat(rates.refresh()).isTrue();
        catalog.refresh();
        GatewayHttp gateway = new GatewayHttp(port);
        // The node secret the test database's wallet seed was stored with (the tests' shared key file).
        String nodeSecret = NodeSecretKey.resolveText(cashu.secretKey(), Path.of(cashu.secretKeyFile()));
        List<String> secrets = new ArrayList<>(List.of(nodeSecret, PROVIDER_KEY));

        try (CashuTsWallet client = new CashuTsWallet(MINT)) {
            String opening = client.mintToken(3_000).token();
            String topUp = client.mintToken(2_000).token();
            String perRequest = client.mintToken(2_000).token();
            String asBearer = client.mintToken(1_000).token();
            secrets.addAll(List.of(opening, topUp, perRequest, asBearer));

            HttpResponse<String> created =
                    gateway.send("POST", "/v1/balance/create", null, "{\"initial_balance_token\":\"" + opening + "\"}");
            assertThat(created.statusCode()).isEqualTo(200);
            String apiKey = GatewayHttp.json(created).get("api_key").asText();
            secrets.add(apiKey);

            assertThat(gateway.send("POST", "/v1/balance/topup", apiKey, "{\"cashu_token\":\"" + topUp + "\"}")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(chat("Authorization", "Bearer " + apiKey).statusCode()).isEqualTo(200);

            HttpResponse<String> paid = chat("X-Cashu", perRequest);
            assertThat(paid.statusCode()).isEqualTo(200);
            secrets.add(paid.headers().firstValue("X-Cashu").orElseThrow());

            HttpResponse<String> bearerKey = gateway.send("GET", "/v1/balance/info", asBearer, null);
            assertThat(bearerKey.statusCode()).isEqualTo(200);

            HttpResponse<String> refund = gateway.send("POST", "/v1/balance/refund", apiKey, null);
            assertThat(refund.statusCode()).isEqualTo(200);
            JsonNode refunded = GatewayHttp.json(refund);
            secrets.add(refunded.get("token").asText());
        }

        // The operator's secrets: the admin password, a session, the seed's mnemonic revealed through the admin API,
        // and a Nostr key sent in a change (not a valid one, so the node's key stays as it is).
        jdbc.update("DELETE FROM admin_password");
        jdbc.update("DELETE FROM admin_sessions");
        access.initializePassword(Optional.of(ADMIN_PASSWORD));
        String password = "{\"password\":\"" + ADMIN_PASSWORD + "\"}";
        HttpResponse<String> login = gateway.send("POST", "/admin/api/login", null, password);
        assertThat(login.statusCode()).isEqualTo(200);
        String session = GatewayHttp.json(login).get("token").asText();
        HttpResponse<String> seed = gateway.send("POST", "/admin/api/seed", session, password);
        assertThat(seed.statusCode()).isEqualTo(200);
        String mnemonic = GatewayHttp.json(seed).get("mnemonic").asText();
        assertThat(mnemonic.split(" ")).hasSizeGreaterThanOrEqualTo(12);
        String badNsec = "nsec1" + "q".repeat(20) + "notarealkeybutsecretlooking";
        assertThat(gateway.send("PATCH", "/admin/api/nsec", session, "{\"nsec\":\"" + badNsec + "\"}")
                        .statusCode())
                .isEqualTo(400);
        secrets.addAll(List.of(ADMIN_PASSWORD, session, mnemonic, badNsec));

        assertThat(capture.lines).as("captured DEBUG log events").hasSizeGreaterThan(100);
        List<String> leaks = new ArrayList<>();
        for (String secret : secrets) {
            for (String fragment : fragments(secret)) {
                capture.lines.stream().filter(line -> line.contains(fragment)).forEach(leaks::add);
            }
        }
        assertThat(leaks).as("log lines holding a fragment of a secret").isEmpty();
    }

    private HttpResponse<String> chat(String header, String value) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .header(header, value)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Pieces of a secret that only it contains: 24-character windows, skipping a Cashu token's first 60 characters
     * (its version prefix and mint URL, public and shared by every token of the mint).
     */
    static List<String> fragments(String secret) {
        int from = secret.startsWith("cashu") ? Math.min(60, secret.length() - 24) : 0;
        List<String> fragments = new ArrayList<>();
        for (int start = from; start + 24 <= secret.length(); start += 12) {
            fragments.add(secret.substring(start, start + 24));
        }
        if (fragments.isEmpty()) {
            fragments.add(secret);
        }
        return fragments;
    }
}

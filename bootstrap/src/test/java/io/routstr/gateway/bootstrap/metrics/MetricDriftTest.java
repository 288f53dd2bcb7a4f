package io.routstr.gateway.bootstrap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.in.billing.SweepStaleReservationsUseCase;
import io.routstr.gateway.application.port.in.proxy.RefreshModelCatalogUseCase;
import io.routstr.gateway.application.port.out.ProviderStorePort;
import io.routstr.gateway.application.port.out.ProviderStorePort.NewProvider;
import io.routstr.gateway.bootstrap.SharedFakes;
import io.routstr.gateway.bootstrap.proxy.NodeOnTestMint;
import io.routstr.gateway.cashu.testmint.ts.CashuTsMint;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.ProviderSecret;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer.Behaviour;
import io.routstr.gateway.upstream.rates.ExchangeRateAdapter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Grafana dashboard and the Prometheus alert rules cannot drift from the node's metrics: after real traffic (paid
 * requests, a stream, an upstream failure, a refused token) every metric they name is in the node's scrape.
 */
// Tests turn metrics export off unless asked; the shared node exports them, so the scrape is the production one.
@NodeOnTestMint
class MetricDriftTest {

    static final Path DOCKER = Path.of("..", "docker");
    static final Path DASHBOARD = DOCKER.resolve("grafana/dashboards/routstr-node.json");
    static final Path RULES = DOCKER.resolve("prometheus/rules.yml");

    /** A metric name as the dashboard and rules write it: the node's own and the libraries' it exports. */
    private static final Pattern METRIC =
            Pattern.compile("\\b((?:routstr|resilience4j|jvm|hikaricp|process|http_server)_[a-zA-Z0-9_]+)");

    static final FakeOpenAiServer upstream = FakeOpenAiServer.start().btcUsd("1000");
    static final CashuTsMint MINT = SharedFakes.mint();

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProviderStorePort providers;

    @Autowired
    RefreshModelCatalogUseCase catalog;

    @Autowired
    ExchangeRateAdapter rates;

    @Autowired
    WalletAndLedgerGauges gauges;

    @Autowired
    SweepStaleReservationsUseCase sweep;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyMetricTheDashboardAndTheAlertRulesUseIsScrapedAfterRealTraffic() throws Exception {
        generateTraffic();

        Set<String> scraped = sampleNames(scrape());

        Set<String> used = new TreeSet<>();
        used.addAll(metricsIn(DASHBOARD));
        used.addAll(metricsIn(RULES));
        assertThat(used).as("metrics the dashboard and rules use").hasSizeGreaterThan(20);
        assertThat(scraped).as("the scrape of /actuator/prometheus").containsAll(used);
    }

    @Test
    void noMetricCarriesAnApiKeyOrAToken() throws Exception {
        try (CashuTsWallet client = new CashuTsWallet(MINT)) {
            String token = client.mintToken(2_000).token();
            chat(token, false);
            String scrape = scrape();
            assertThat(scrape)
                    .doesNotContain(token)
                    .doesNotContain("sk-upstream")
                    .doesNotContain("cashuA");
            assertThat(scrape).doesNotContain("cashuB");
        }
    }

    private void generateTraffic() throws Exception {
        upstream.behave(Behaviour.OK).down(false);
        jdbc.update("DELETE FROM upstream_providers");
        providers.add(new NewProvider(
                ProviderType.GENERIC,
                upstream.baseUrl(),
                Optional.of(ProviderSecret.of("sk-upstream-metrics")),
                ProviderFee.of("1.0"),
                true,
                Optional.empty()));
        assertThat(rates.refresh()).isTrue();
        catalog.refresh();
        try (CashuTsWallet client = new CashuTsWallet(MINT)) {
            assertThat(chat(client.mintToken(2_000).token(), false).statusCode())
                    .isEqualTo(200);
            assertThat(chat(client.mintToken(2_000).token(), true).statusCode()).isEqualTo(200);
            upstream.behave(Behaviour.ERROR_500);
            assertThat(chat(client.mintToken(2_000).token(), false).statusCode())
                    .isGreaterThanOrEqualTo(400);
            upstream.behave(Behaviour.OK);
            assertThat(chat("cashuBnotatoken", false).statusCode()).isGreaterThanOrEqualTo(400);
        }
        sweep.sweep();
        gauges.sample();
    }

    private HttpResponse<String> chat(String token, boolean stream) throws Exception {
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":"
                + stream + "}";
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .header("X-Cashu", token)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/prometheus"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The names of the samples in a Prometheus text exposition ({@code name{labels} value}). */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = line.indexOf('{');
            names.add(line.substring(0, end < 0 ? line.indexOf(' ') : end));
        }
        return names;
    }

    static Set<String> metricsIn(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(Files.readString(file));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}

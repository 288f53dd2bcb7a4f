package io.routstr.gateway.bootstrap.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.service.StandingHoldsService;
import io.routstr.gateway.bootstrap.GatewayApplication;
import io.routstr.gateway.bootstrap.GatewayHttp;
import io.routstr.gateway.bootstrap.proxy.ProxyTestSupport.FundedKey;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A node that stops gives back the holds it kept for keys' next requests, through its own lifecycle (no test calls
 * the release): the database, read after the node's context closed, shows none of them. The node is started and
 * stopped by the test itself, not by Spring's test context cache, which must not see its contexts closed under it.
 */
class StandingHoldsAtShutdownEndToEndTest {

    private final FakeOpenAiServer upstream = FakeOpenAiServer.start().btcUsd(ProxyTestSupport.BTC_USD);
    private final ConfigurableApplicationContext node = startNode();
    private final ProxyFixture proxy = node.getBean(ProxyFixture.class);
    private final StandingHoldsService standing = node.getBean(StandingHoldsService.class);
    private final int port = node.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    private final GatewayHttp http = new GatewayHttp(port);

    private ConfigurableApplicationContext startNode() {
        Map<String, Object> settings = new LinkedHashMap<>();
        ProxyTestSupport.properties((name, value) -> settings.put(name, value.get()), upstream);
        settings.put("server.port", "0");
        return new SpringApplicationBuilder(GatewayApplication.class, ProxyFixture.class)
                .properties(settings)
                .run();
    }

    @AfterEach
    void stop() {
        node.close();
        upstream.close();
    }

    @Test
    void aStoppingNodeGivesBackTheHoldsItKeptForKeysNextRequests() throws Exception {
        proxy.servedOnlyBy(upstream);
        FundedKey key = proxy.fundedKey(10_000_000);
        // The first request reads the key, the second (the key known by its id) its balance; the third's settlement
        // leaves a hold for the fourth.
        for (int request = 0; request < 3; request++) {
            assertThat(chat(key).statusCode()).isEqualTo(200);
        }
        assertThat(standing.held()).as("standing holds kept").isOne();
        JdbcTemplate database = databaseOf(node.getEnvironment());
        assertThat(ProxyTestSupport.activeReservations(database, key)).isOne();

        node.close();

        assertThat(ProxyTestSupport.activeReservations(database, key)).isZero();
        assertThat(database.queryForObject(
                        "SELECT reserved_msats FROM api_keys WHERE id = ?",
                        Long.class,
                        key.key().id().value()))
                .isZero();
    }

    /** A connection of the test's own: the node's pool closes with it. */
    private static JdbcTemplate databaseOf(Environment environment) {
        return new JdbcTemplate(new DriverManagerDataSource(
                environment.getRequiredProperty("spring.datasource.url"),
                environment.getRequiredProperty("spring.datasource.username"),
                environment.getProperty("spring.datasource.password", "")));
    }

    private HttpResponse<String> chat(FundedKey key) throws Exception {
        return http.send(
                "POST",
                "/v1/chat/completions",
                key.bearer(),
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }
}

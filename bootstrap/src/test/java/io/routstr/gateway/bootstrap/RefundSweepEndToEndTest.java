package io.routstr.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.port.in.sweep.SweepUncollectedTokensUseCase;
import io.routstr.gateway.cashu.testmint.ts.CashuTsMint;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.persistence.PersistenceTestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The refund sweep against a real mint the project did not write (cashu-ts): a refund token nobody collected within
 * {@code REFUND_SWEEP_TTL_SECONDS} is redeemed back, one its holder spent is left as collected, and X-Cashu change
 * swept back can no longer be recovered (410).
 */
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "routstr.sweep.interval=3600s")
class RefundSweepEndToEndTest {

    private static final CashuTsMint MINT = CashuTsMint.start(0);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PersistenceTestApplication.registerDatabase(registry);
        registry.add("CASHU_MINTS", MINT::url);
        registry.add("PRIMARY_MINT_URL", MINT::url);
        registry.add("REFUND_SWEEP_TTL_SECONDS", () -> "86400");
    }

    @AfterAll
    static void stopMint() {
        MINT.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    SweepUncollectedTokensUseCase sweep;

    @Autowired
    JdbcTemplate jdbc;

    private final CashuTsWallet client = new CashuTsWallet(MINT);

    /** The refund that handed out each token, by the token (the table keeps the token sealed). */
    private final Map<String, UUID> refundOfToken = new HashMap<>();

    @Test
    void anOldUncollectedRefundTokenIsSweptBack_andACollectedOneIsLeft() throws Exception {
        String forgotten = refundToken(100);
        String collected = refundToken(50);
        client.receive(collected); // its holder took it
        UUID forgottenRefund = ageRefund(forgotten);
        UUID collectedRefund = ageRefund(collected);

        SweepUncollectedTokensUseCase.SweepReport report = sweep.sweep();

        assertThat(report.swept()).isGreaterThanOrEqualTo(1);
        assertThat(report.collected()).isGreaterThanOrEqualTo(1);
        assertThat(sweepState(forgottenRefund)).isEqualTo("SWEPT");
        assertThat(sweepState(collectedRefund)).isEqualTo("COLLECTED");
        assertThatThrownBy(() -> client.receive(forgotten))
                .as("the node redeemed it: its proofs are spent")
                .isInstanceOf(RuntimeException.class);
        assertThat(sweep.sweep().swept()).as("swept once").isZero();
    }

    @Test
    void sweptChangeCannotBeRecovered_410() throws Exception {
        String change = refundToken(30);
        String paidWith = "cashuBpaid-with-" + UUID.randomUUID();
        UUID keyId =
                jdbc.queryForObject("SELECT key_id FROM refunds WHERE id = ?", UUID.class, refundOfToken.get(change));
        Instant longAgo = Instant.now().minus(Duration.ofDays(2));
        jdbc.update(
                "INSERT INTO ecash_payments (token_hash, key_id, finished, change_token, change_msats, started_at,"
                        + " finished_at) VALUES (?, ?, true, ?, 30000, ?, ?)",
                TokenFingerprint.of(paidWith).value(),
                keyId,
                change,
                Timestamp.from(longAgo),
                Timestamp.from(longAgo));
        assertThat(recoverChange(paidWith).statusCode()).isEqualTo(200);

        sweep.sweep();

        HttpResponse<String> recovery = recoverChange(paidWith);
        assertThat(recovery.statusCode()).as(recovery.body()).isEqualTo(410);
        assertThat(GatewayHttp.json(recovery).at("/error/code").asText()).isEqualTo("refund_gone");
    }

    @Test
    void providerDiscoveryIsOffByDefault_asInRoutstr() throws Exception {
        HttpResponse<String> providers = new GatewayHttp(port).send("GET", "/v1/providers/", null, null);

        assertThat(providers.statusCode()).isEqualTo(404);
        assertThat(GatewayHttp.json(providers).at("/error/code").asText()).isEqualTo("provider_discovery_disabled");
    }

    /** A key opened with {@code sats} of cashu-ts ecash and refunded at once: the node hands out a token. */
    private String refundToken(long sats) throws Exception {
        String token = client.mintToken(sats).token();
        GatewayHttp http = new GatewayHttp(port);
        String key = GatewayHttp.json(http.send("GET", "/v1/wallet/info", token, null))
                .get("api_key")
                .asText();
        HttpResponse<String> refund = http.send("POST", "/v1/balance/refund", key, null);
        assertThat(refund.statusCode()).as(refund.body()).isEqualTo(200);
        String handedOut = GatewayHttp.json(refund).get("token").asText();
        refundOfToken.put(
                handedOut,
                UUID.fromString(GatewayHttp.json(refund).get("refund_id").asText()));
        return handedOut;
    }

    /** Dates the refund that handed out {@code token} two days back; returns its id. */
    private UUID ageRefund(String token) {
        UUID id = refundOfToken.get(token);
        jdbc.update(
                "UPDATE refunds SET updated_at = ? WHERE id = ?",
                Timestamp.from(Instant.now().minus(Duration.ofDays(2))),
                id);
        return id;
    }

    private String sweepState(UUID refund) {
        return jdbc.queryForObject("SELECT sweep_state FROM refunds WHERE id = ?", String.class, refund);
    }

    private HttpResponse<String> recoverChange(String paidWith) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/balance/refund"))
                                .header("X-Cashu", paidWith)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}

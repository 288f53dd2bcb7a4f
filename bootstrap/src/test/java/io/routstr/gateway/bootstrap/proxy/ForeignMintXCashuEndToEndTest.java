package io.routstr.gateway.bootstrap.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.bootstrap.GatewayApplication;
import io.routstr.gateway.cashu.testmint.ts.CashuTsMint;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer.Behaviour;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An {@code X-Cashu} request paid with a token of a foreign mint under {@code FOREIGN_MINT_POLICY=swap}: the token is
 * swapped into the primary mint P through the test mints' fake Lightning, the request is billed, and the change comes
 * back as a token of P, which cashu-ts redeems there.
 *
 * <p>The fake upstream reports 10 prompt and 5 completion tokens of {@code gpt-4o-mini}: 450 msats at 1000 USD/BTC.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ProxyFixture.class)
class ForeignMintXCashuEndToEndTest {

    static final FakeOpenAiServer upstream = FakeOpenAiServer.start().btcUsd(ProxyTestSupport.BTC_USD);
    static final CashuTsMint PRIMARY =
            CashuTsMint.builder().seed("x-cashu-primary").manualPay().start();
    static final CashuTsMint FOREIGN =
            CashuTsMint.builder().seed("x-cashu-foreign").start();
    static final long COST_MSATS = 10 * 15 + 5 * 60;

    static {
        FOREIGN.payInvoicesOf(PRIMARY);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ProxyTestSupport.properties(registry, upstream);
        registry.add("CASHU_MINTS", PRIMARY::url);
        registry.add("PRIMARY_MINT_URL", PRIMARY::url);
        registry.add("FOREIGN_MINT_POLICY", () -> "swap");
        registry.add("FOREIGN_MINT_ALLOW_PRIVATE", () -> "true");
    }

    @AfterAll
    static void stop() {
        upstream.close();
        FOREIGN.close();
        PRIMARY.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ProxyFixture proxy;

    private final CashuTsWallet foreignClient = new CashuTsWallet(FOREIGN);
    private final CashuTsWallet primaryClient = new CashuTsWallet(PRIMARY);

    @BeforeEach
    void oneProvider() {
        upstream.behave(Behaviour.OK).down(false);
        proxy.servedOnlyBy(upstream);
    }

    @AfterEach
    void ledgerHolds() {
        foreignClient.close();
        primaryClient.close();
        assertThat(proxy.ledgerHolds()).isTrue();
    }

    @Test
    void aForeignTokenPaysAnXCashuRequest_andItsChangeComesBackAsEcashOfThePrimaryMint() throws Exception {
        CashuTsWallet.MintedToken token = foreignClient.mintToken(2_000);
        // P issues the face value less F's fee reserve for it, max(2 sat, 1 %) (F charges no input fee here).
        long swappedMsats = (token.amount() - Math.max(2, Math.ceilDiv(token.amount(), 100))) * 1_000;

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                                .header("Content-Type", "application/json")
                                .header("X-Cashu", token.token())
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String change = response.headers().firstValue("X-Cashu").orElseThrow();
        CashuTsWallet.Received received = primaryClient.receive(change);
        long changeMsats = (received.amount() + received.fee()) * 1_000;
        // The change is what the swap credited less the bill, in whole sats (the sub-sat rest stays with the node).
        assertThat(changeMsats).isLessThanOrEqualTo(swappedMsats - COST_MSATS);
        assertThat(changeMsats).isGreaterThan(swappedMsats - COST_MSATS - 1_000);
        assertThat(foreignClient.checkState(token.token())).containsOnly("SPENT");
    }
}

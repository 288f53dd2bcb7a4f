package io.routstr.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routstr.gateway.application.port.in.key.FundApiKeyUseCase;
import io.routstr.gateway.application.port.in.ledger.CheckLedgerInvariantUseCase;
import io.routstr.gateway.application.port.out.TokenKeyOpeningPort;
import io.routstr.gateway.cashu.testmint.ts.CashuTsMint;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet;
import io.routstr.gateway.persistence.PersistenceTestApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Paying with ecash and Lightning against a real mint the project did not write (cashu-ts, input fee 100 ppk) and the
 * real wallet: cashu-ts mints the tokens the node receives and redeems the tokens the node emits.
 *
 * <p>Invoices expire at once here ({@code invoice-expiry=0s}), so every Lightning payment in this class is a late
 * payment inside the grace window.
 */
@SpringBootTest(
        classes = {GatewayApplication.class, EcashPaymentsEndToEndTest.CrashingCredit.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"routstr.lightning.invoice-expiry=0s", "routstr.cashu.recovery-grace=1s"})
class EcashPaymentsEndToEndTest {

    private static final int FEE_PPK = 100;
    private static final CashuTsMint MINT =
            CashuTsMint.builder().inputFeePpk(FEE_PPK).start();
    private static final int DOWN_MINT_PORT = freePort();
    private static CashuTsMint downMint = startDownMint();

    /**
     * Crashes the first invoice (or token) credit after a test arms it: the process dies between minting (or
     * redeeming) and crediting.
     */
    @TestConfiguration
    static class CrashingCredit {
        static final AtomicBoolean ARMED = new AtomicBoolean();
        static final AtomicBoolean ARMED_FOR_TOKENS = new AtomicBoolean();

        @Bean
        @Primary
        FundApiKeyUseCase crashingFund(@Qualifier("fundApiKey") FundApiKeyUseCase real) {
            return command -> {
                if (command.depositReference().startsWith("invoice:") && ARMED.getAndSet(false)) {
                    throw new IllegalStateException("killed between minting and crediting");
                }
                if (command.depositReference().startsWith("token:") && ARMED_FOR_TOKENS.getAndSet(false)) {
                    throw new IllegalStateException("killed between redeeming and crediting");
                }
                return real.fund(command);
            };
        }

        /** A token's new key is credited through its own port, in one commit with its records: crash there too. */
        @Bean
        @Primary
        TokenKeyOpeningPort crashingOpening(@Qualifier("jpaAccountsAdapter") TokenKeyOpeningPort real) {
            return (key, amount, reference, token, use, now) -> {
                if (ARMED_FOR_TOKENS.getAndSet(false)) {
                    throw new IllegalStateException("killed between redeeming and crediting");
                }
                return real.openFundedByToken(key, amount, reference, token, use, now);
            };
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PersistenceTestApplication.registerDatabase(registry);
        registry.add("CASHU_MINTS", () -> MINT.url() + "," + downMint.url());
        registry.add("PRIMARY_MINT_URL", MINT::url);
    }

    @AfterAll
    static void stopMints() {
        MINT.close();
        downMint.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    CheckLedgerInvariantUseCase ledger;

    @Autowired
    JdbcTemplate jdbc;

    /** The mint's quote behind an invoice: the node never hands it out, so the test reads it from the database. */
    private String quoteIdOf(JsonNode invoice) {
        return jdbc.queryForObject(
                "SELECT quote_id FROM lightning_invoices WHERE bolt11 = ?",
                String.class,
                invoice.get("bolt11").asText());
    }

    private final CashuTsWallet client = new CashuTsWallet(MINT);

    @AfterEach
    void ledgerHolds() {
        client.close();
        assertThat(ledger.check().holds()).isTrue();
    }

    private HttpResponse<String> send(String method, String path, String bearer, String body) throws Exception {
        return new GatewayHttp(port).send(method, path, bearer, body);
    }

    /**
     * The invoice's status once nobody is settling it. The background watcher (every 10 s) may be minting and
     * crediting a paid invoice at the moment the test asks, and a status request that finds it settling answers
     * "pending" or "settlement_pending" rather than mint twice: a client polls again, and so does the test, for at
     * most 10 s.
     */
    private JsonNode statusOnceSettled(String statusPath) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode status = body(send("GET", statusPath, null, null));
        while (java.util.Set.of("pending", "settlement_pending")
                        .contains(status.get("status").asText())
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
            status = body(send("GET", statusPath, null, null));
        }
        return status;
    }

    private static JsonNode body(HttpResponse<String> response) {
        return GatewayHttp.json(response);
    }

    /** NUT-02: a swap costs ceil(proofs × ppk / 1000) of the unit. */
    private static long netOfFees(CashuTsWallet.MintedToken token) {
        return token.amount() - Math.ceilDiv(token.proofCount() * FEE_PPK, 1000);
    }

    @Test
    void aCashuTsV4TokenAsBearerIsCreditedNetOfTheMintsFees() throws Exception {
        CashuTsWallet.MintedToken token = client.mintToken(100);

        HttpResponse<String> info = send("GET", "/v1/wallet/info", token.token(), null);

        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(body(info).get("balance").asLong()).isEqualTo(netOfFees(token) * 1_000);
    }

    @Test
    void aCashuTsV3TokenCreatesAKey() throws Exception {
        CashuTsWallet.MintedToken token = client.mintToken(40, "sat", true);
        assertThat(token.token()).startsWith("cashuA");

        HttpResponse<String> created =
                send("GET", "/v1/balance/create?initial_balance_token=" + token.token(), null, null);

        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(body(created).get("balance").asLong()).isEqualTo(netOfFees(token) * 1_000);
    }

    @Test
    void aSpentTokenIsRefusedAndRememberedAsSpent() throws Exception {
        CashuTsWallet.MintedToken token = client.mintToken(10);
        client.receive(token.token());

        HttpResponse<String> first = send("GET", "/v1/balance/info", token.token(), null);
        HttpResponse<String> again = send("GET", "/v1/balance/info", token.token(), null);

        assertThat(first.statusCode()).isEqualTo(400);
        assertThat(body(first).at("/error/code").asText()).isEqualTo("cashu_token_already_spent");
        assertThat(body(again).at("/error/code").asText()).isEqualTo("cashu_token_already_spent");
    }

    @Test
    void fiftyConcurrentRequestsWithOneTokenCreditItOnce() throws Exception {
        CashuTsWallet.MintedToken token = client.mintToken(64);
        List<Integer> statuses = new CopyOnWriteArrayList<>();

        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                executor.submit(() -> statuses.add(
                        send("GET", "/v1/balance/info", token.token(), null).statusCode()));
            }
        }

        assertThat(statuses).hasSize(50).containsOnly(200);
        assertThat(body(send("GET", "/v1/balance/info", token.token(), null))
                        .get("balance")
                        .asLong())
                .isEqualTo(netOfFees(token) * 1_000);
    }

    @Test
    void aTokenRedeemedButNotCreditedIsCreditedOnceWhenPresentedAgain() throws Exception {
        CashuTsWallet.MintedToken token = client.mintToken(40);
        CrashingCredit.ARMED_FOR_TOKENS.set(true);

        HttpResponse<String> crashed = send("GET", "/v1/balance/info", token.token(), null);
        HttpResponse<String> retried = send("GET", "/v1/balance/info", token.token(), null);
        HttpResponse<String> again = send("GET", "/v1/balance/info", token.token(), null);

        assertThat(crashed.statusCode()).isEqualTo(500);
        assertThat(client.checkState(token.token())).containsOnly("SPENT");
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(body(retried).get("balance").asLong()).isEqualTo(netOfFees(token) * 1_000);
        assertThat(body(again).get("balance").asLong()).isEqualTo(netOfFees(token) * 1_000);
    }

    @Test
    void aRefundTokenEmittedByTheNodeIsRedeemedByCashuTs() throws Exception {
        CashuTsWallet.MintedToken token = client.mintToken(50);
        String key = body(send("GET", "/v1/balance/info", token.token(), null))
                .get("api_key")
                .asText();

        HttpResponse<String> refund = send("POST", "/v1/balance/refund", key, null);

        assertThat(refund.statusCode()).isEqualTo(200);
        String refundToken = body(refund).get("token").asText();
        assertThat(Long.parseLong(body(refund).get("sats").asText())).isEqualTo(netOfFees(token));
        CashuTsWallet.Received received = client.receive(refundToken, true);
        assertThat(received.amount() + received.fee()).isEqualTo(netOfFees(token));
        assertThat(body(send("GET", "/v1/balance/info", key, null))
                        .get("balance")
                        .asLong())
                .isZero();
    }

    @Test
    void withItsMintDownTheClientGets503AndItsTokenStaysSpendable() throws Exception {
        CashuTsWallet.MintedToken token;
        try (CashuTsWallet downClient = new CashuTsWallet(downMint)) {
            token = downClient.mintToken(30);
        }
        downMint.close();

        HttpResponse<String> refused = send("GET", "/v1/balance/info", token.token(), null);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(body(refused).at("/error/code").asText()).isEqualTo("cashu_mint_unreachable");

        downMint = startDownMint();
        try (CashuTsWallet downClient = new CashuTsWallet(downMint)) {
            assertThat(downClient.receive(token.token()).amount()).isPositive();
        }
    }

    @Test
    void aLatePaidLightningInvoiceCreatesAKeyCreditedOnce() throws Exception {
        MINT.configure(Map.of("autoPay", false));
        try {
            JsonNode invoice = body(send("POST", "/lightning/invoice", null, "{\"amount_sats\":210}"));
            String status = "/lightning/invoice/" + invoice.get("invoice_id").asText() + "/status";
            assertThat(body(send("GET", status, null, null)).get("status").asText())
                    .isEqualTo("expired");

            MINT.pay(quoteIdOf(invoice));
            JsonNode paid = statusOnceSettled(status);

            assertThat(paid.get("status").asText()).isEqualTo("paid");
            assertThat(body(send("GET", "/v1/balance/info", paid.get("api_key").asText(), null))
                            .get("balance")
                            .asLong())
                    .isEqualTo(210_000);
        } finally {
            MINT.configure(Map.of("autoPay", true));
        }
    }

    @Test
    void aCrashBetweenMintingAndCreditingIsRecoveredAndCreditedOnce() throws Exception {
        String key = body(send("GET", "/v1/balance/info", client.mintToken(5).token(), null))
                .get("api_key")
                .asText();
        long before =
                body(send("GET", "/v1/balance/info", key, null)).get("balance").asLong();
        JsonNode invoice = body(send("POST", "/lightning/invoice", key, "{\"amount_sats\":77,\"purpose\":\"topup\"}"));
        String status = "/lightning/invoice/" + invoice.get("invoice_id").asText() + "/status";
        CrashingCredit.ARMED.set(true);

        HttpResponse<String> crashed = send("GET", status, null, null);
        HttpResponse<String> recovered = send("GET", status, null, null);
        HttpResponse<String> again = send("GET", status, null, null);

        assertThat(crashed.statusCode()).isEqualTo(500);
        assertThat(body(recovered).get("status").asText()).isEqualTo("paid");
        assertThat(body(again).get("status").asText()).isEqualTo("paid");
        assertThat(body(recovered).has("api_key")).isFalse();
        assertThat(body(send("GET", "/v1/balance/info", key, null))
                        .get("balance")
                        .asLong())
                .isEqualTo(before + 77_000);
        assertThat(MINT.getOk("/v1/mint/quote/bolt11/" + quoteIdOf(invoice))
                        .get("state")
                        .asText())
                .isEqualTo("ISSUED");
    }

    private static CashuTsMint startDownMint() {
        return CashuTsMint.builder()
                .inputFeePpk(FEE_PPK)
                .seed("the-mint-that-goes-down")
                .port(DOWN_MINT_PORT)
                .start();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.routstr.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routstr.gateway.application.port.in.ledger.CheckLedgerInvariantUseCase;
import io.routstr.gateway.application.port.in.payment.ReconcileDepositsUseCase;
import io.routstr.gateway.application.service.wallet.EcashWallet;
import io.routstr.gateway.cashu.testmint.ts.CashuTsMint;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.persistence.PersistenceTestApplication;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code FOREIGN_MINT_POLICY=swap} against two real cashu-ts mints joined by the test mints' fake Lightning: the
 * primary mint P (the only trusted one, quotes paid only by a Lightning payment) and a foreign mint F (input fee
 * 100 ppk, Lightning fee reserve max(2 sat, 1 %)). A token of F is melted at F to pay P's invoice, and the node mints
 * P's quote into its wallet.
 */
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"routstr.cashu.recovery-grace=1s"})
class ForeignMintSwapEndToEndTest {

    private static final int FOREIGN_FEE_PPK = 100;
    private static final CashuTsMint PRIMARY =
            CashuTsMint.builder().seed("primary").manualPay().start();
    private static final CashuTsMint FOREIGN =
            CashuTsMint.builder().seed("foreign").inputFeePpk(FOREIGN_FEE_PPK).start();

    static {
        FOREIGN.payInvoicesOf(PRIMARY);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PersistenceTestApplication.registerDatabase(registry);
        registry.add("CASHU_MINTS", PRIMARY::url);
        registry.add("PRIMARY_MINT_URL", PRIMARY::url);
        registry.add("FOREIGN_MINT_POLICY", () -> "swap");
        registry.add("FOREIGN_MINT_ALLOW_PRIVATE", () -> "true");
    }

    @AfterAll
    static void stopMints() {
        FOREIGN.close();
        PRIMARY.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    CheckLedgerInvariantUseCase ledger;

    @Autowired
    EcashWallet wallet;

    @Autowired
    ReconcileDepositsUseCase deposits;

    @Autowired
    JdbcTemplate jdbc;

    private final CashuTsWallet foreignClient = new CashuTsWallet(FOREIGN);

    @AfterEach
    void ledgerHolds() {
        FOREIGN.configure(Map.of("meltOutcome", "PAID"));
        foreignClient.close();
        assertThat(ledger.check().holds()).isTrue();
    }

    private HttpResponse<String> info(String bearer) throws Exception {
        return new GatewayHttp(port).send("GET", "/v1/wallet/info", bearer, null);
    }

    private static JsonNode body(HttpResponse<String> response) {
        return GatewayHttp.json(response);
    }

    /**
     * What P issues for a token of F: its face value less F's input fee (NUT-02) is what the melt may spend; P's
     * invoice is that less F's fee reserve for it, max(2 sat, 1 %) (asked once for the whole net value, then for what
     * is left, whose reserve is no larger).
     */
    private static long swappedValue(CashuTsWallet.MintedToken token) {
        long net = token.amount() - Math.ceilDiv(token.proofCount() * FOREIGN_FEE_PPK, 1000);
        return net - Math.max(2, Math.ceilDiv(net, 100));
    }

    private long heldAtPrimary() {
        Long held = jdbc.queryForObject(
                "SELECT COALESCE(SUM(amount), 0) FROM wallet_proofs WHERE mint_url = ? AND state = 'UNSPENT'",
                Long.class,
                PRIMARY.url());
        return held == null ? 0 : held;
    }

    /** The recovery job's pace between runs; always true, so that it can sit in a loop condition. */
    private static boolean pause() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }

    private String swapStateOf(String token) {
        return jdbc.queryForObject(
                "SELECT state FROM cashu_swaps WHERE fingerprint = ? ORDER BY created_at DESC LIMIT 1",
                String.class,
                TokenFingerprint.of(token).value());
    }

    @Test
    void aForeignTokenAsBearerIsSwappedIntoThePrimaryMint_andCreditedWhatThePrimaryMintIssued() throws Exception {
        CashuTsWallet.MintedToken token = foreignClient.mintToken(1000);
        long before = heldAtPrimary();

        HttpResponse<String> first = info(token.token());
        HttpResponse<String> again = info(token.token());

        long credited = swappedValue(token);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(body(first).get("balance").asLong()).isEqualTo(credited * 1_000);
        assertThat(credited).isPositive().isLessThan(token.amount());
        assertThat(heldAtPrimary() - before).isEqualTo(credited);
        assertThat(foreignClient.checkState(token.token())).containsOnly("SPENT");
        assertThat(swapStateOf(token.token())).isEqualTo("DONE");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(body(again).get("balance").asLong()).isEqualTo(credited * 1_000);
        assertThat(heldAtPrimary() - before).isEqualTo(credited);
    }

    @Test
    void aFailedLightningPaymentLeavesTheTokenSpendable_andAnswersRoutstrsUntrustedMintError() throws Exception {
        CashuTsWallet.MintedToken token = foreignClient.mintToken(200);
        FOREIGN.configure(Map.of("meltOutcome", "FAILED"));

        HttpResponse<String> refused = info(token.token());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(body(refused).at("/error/type").asText()).isEqualTo("untrusted_mint");
        assertThat(body(refused).at("/error/code").asText()).isEqualTo("cashu_untrusted_source_mint");
        assertThat(foreignClient.checkState(token.token())).containsOnly("UNSPENT");
        assertThat(swapStateOf(token.token())).isEqualTo("FAILED");
    }

    @Test
    void aSwapStillPendingAtTheForeignMintAnswersWithinItsBudget_andIsCreditedOnceWhenReconciled() throws Exception {
        CashuTsWallet.MintedToken token = foreignClient.mintToken(500);
        CashuTsWallet.MintedToken another = foreignClient.mintToken(100);
        FOREIGN.configure(Map.of("meltOutcome", "PENDING"));

        HttpResponse<String> pending = info(token.token());
        HttpResponse<String> whileLocked = info(another.token());

        assertThat(pending.statusCode()).isEqualTo(503);
        assertThat(body(pending).at("/error/code").asText()).isEqualTo("cashu_token_consumed");
        assertThat(swapStateOf(token.token())).isEqualTo("MELT_STARTED");
        // One swap per foreign mint at a time: the second token is not touched while the first is unfinished.
        assertThat(whileLocked.statusCode()).isEqualTo(503);
        assertThat(foreignClient.checkState(another.token())).containsOnly("UNSPENT");

        String meltQuote = jdbc.queryForObject(
                "SELECT melt_quote_id FROM cashu_swaps WHERE state = 'MELT_STARTED' AND foreign_mint = ?",
                String.class,
                FOREIGN.url());
        FOREIGN.settleMelt(meltQuote, true);
        // Recovery takes up a swap once it is older than the recovery grace (1 s here): run it as the job would, until
        // it has (at most 15 s).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        do {
            wallet.recover();
            deposits.reconcile();
        } while (!swapStateOf(token.token()).equals("DONE") && System.nanoTime() < deadline && pause());

        assertThat(swapStateOf(token.token())).isEqualTo("DONE");
        HttpResponse<String> credited = info(token.token());
        assertThat(credited.statusCode()).isEqualTo(200);
        assertThat(body(credited).get("balance").asLong()).isEqualTo(swappedValue(token) * 1_000);
    }

    @Test
    void aKeyOwedAtThePrimaryMintIsToppedUpWithAForeignToken() throws Exception {
        CashuTsWallet.MintedToken opening = foreignClient.mintToken(300);
        String key = body(info(opening.token())).get("api_key").asText();
        CashuTsWallet.MintedToken topUp = foreignClient.mintToken(400);

        HttpResponse<String> toppedUp = new GatewayHttp(port)
                .send("POST", "/v1/wallet/topup", key, "{\"cashu_token\":\"" + topUp.token() + "\"}");

        assertThat(toppedUp.statusCode()).as(toppedUp.body()).isEqualTo(200);
        assertThat(body(toppedUp).get("msats").asLong()).isEqualTo(swappedValue(topUp) * 1_000);
        assertThat(body(info(key)).get("balance").asLong())
                .isEqualTo((swappedValue(opening) + swappedValue(topUp)) * 1_000);
    }
}

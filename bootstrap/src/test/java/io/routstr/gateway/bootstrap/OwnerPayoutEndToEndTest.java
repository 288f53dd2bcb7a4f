package io.routstr.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase;
import io.routstr.gateway.application.port.in.ledger.CheckLedgerInvariantUseCase;
import io.routstr.gateway.application.port.in.payout.ListOwnerPayoutsUseCase;
import io.routstr.gateway.application.port.in.payout.PayOwnerFundsUseCase;
import io.routstr.gateway.application.port.in.payout.PayOwnerFundsUseCase.PayoutOutcome;
import io.routstr.gateway.application.port.in.wallet.ViewWalletBalancesUseCase;
import io.routstr.gateway.application.service.wallet.EcashWallet;
import io.routstr.gateway.cashu.testmint.ts.CashuTsMint;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet;
import io.routstr.gateway.domain.payout.OwnerPayout;
import io.routstr.gateway.domain.payout.OwnerPayoutStatus;
import io.routstr.gateway.persistence.PersistenceTestApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Owner payouts to {@code RECEIVE_LN_ADDRESS} against a real mint the project did not write (cashu-ts) and a fake
 * LNURL-pay service: only the owner's funds leave, an ambiguous melt is looked up until the mint settles it and is then
 * booked once, shown to the operator as outgoing, and the customer's balance stays whole and backed by the wallet.
 */
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "routstr.lightning.allow-http-refund-destinations=true",
            "routstr.cashu.recovery-grace=1s",
            "routstr.cashu.recovery-interval=3600s",
            "routstr.payouts.interval=3600s"
        })
class OwnerPayoutEndToEndTest {

    private static final CashuTsMint MINT = CashuTsMint.start(0);
    private static final FakeLnurlPay LNURL = new FakeLnurlPay();
    private static final String ADMIN_PASSWORD = "the operator's payout history password";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PersistenceTestApplication.registerDatabase(registry);
        registry.add("CASHU_MINTS", MINT::url);
        registry.add("PRIMARY_MINT_URL", MINT::url);
        registry.add("REFUND_ALLOW_PRIVATE_DESTINATIONS", () -> "true");
        registry.add("RECEIVE_LN_ADDRESS", () -> "owner@" + LNURL.authority());
        registry.add("MIN_PAYOUT_SAT", () -> "250");
        registry.add("MAX_PAYOUT_SAT", () -> "500");
    }

    @AfterAll
    static void stop() {
        MINT.close();
        LNURL.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    PayOwnerFundsUseCase payouts;

    @Autowired
    AdminAccessUseCase admin;

    @Autowired
    ListOwnerPayoutsUseCase history;

    @Autowired
    EcashWallet wallet;

    @Autowired
    ViewWalletBalancesUseCase balances;

    @Autowired
    CheckLedgerInvariantUseCase ledger;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anAmbiguousPayoutIsLookedUpUntilSettled_paidOnce_andNeverTakesCustomerMoney() throws Exception {
        String key = customerKeyWithBalance(1_000);
        spend(key, 700); // the node earned 700 sats; 300 stay the customer's
        MINT.configure(Map.of("meltOutcome", "PENDING"));

        List<PayoutOutcome> first = payouts.payOut();

        assertThat(first).singleElement().isInstanceOf(PayoutOutcome.Unresolved.class);
        OwnerPayout payout = ((PayoutOutcome.Unresolved) first.getFirst()).payout();
        assertThat(payout.status()).isEqualTo(OwnerPayoutStatus.UNRESOLVED);
        assertThat(payout.amount().value()).isEqualTo(500_000); // capped at MAX_PAYOUT_SAT
        assertThat(payout.quoteId()).as("the quote is stored before the melt").isPresent();
        assertThat(payout.direction()).isEqualTo("outgoing");
        // Routstr's routing-fee allowance (max(1 %, 2) + 1 sats) is left for the melt's fee.
        assertThat(LNURL.invoiceAmounts()).containsExactly(494_000L);

        List<PayoutOutcome> whileStillPending = payouts.payOut();

        assertThat(whileStillPending).singleElement().isInstanceOf(PayoutOutcome.Unresolved.class);
        assertThat(LNURL.invoiceAmounts())
                .as("nothing new is paid while one is unresolved")
                .hasSize(1);
        assertThat(payoutEntries()).isZero();

        MINT.settleMelt(payout.quoteId().orElseThrow().value(), true);
        MINT.configure(Map.of("meltOutcome", "PAID"));
        List<PayoutOutcome> settled = payouts.payOut();

        assertThat(settled).singleElement().isInstanceOf(PayoutOutcome.Paid.class);
        assertThat(((PayoutOutcome.Paid) settled.getFirst()).payout().id()).isEqualTo(payout.id());
        assertThat(payoutEntries()).isEqualTo(1);
        assertThat(history.recent(10)).extracting(OwnerPayout::status).containsExactly(OwnerPayoutStatus.PAID);
        assertShownToTheOperatorAsOutgoing(payout);

        wallet.recover(); // the melt's locked proofs and change settle
        List<PayoutOutcome> afterwards = payouts.payOut();

        assertThat(afterwards)
                .as("what is left above the customer's 300 sats is under the minimum")
                .isEmpty();
        assertThat(LNURL.invoiceAmounts()).hasSize(1);
        assertThat(payoutEntries()).isEqualTo(1);
        assertThat(ledger.check().holds()).isTrue();

        assertThat(jdbc.queryForObject(
                        "SELECT balance_msats FROM api_keys WHERE refund_mint_url = ?", Long.class, MINT.url()))
                .isEqualTo(300_000);
        assertThat(balances.balances())
                .filteredOn(b ->
                        b.mint().value().equals(MINT.url()) && b.unit().code().equals("sat"))
                .singleElement()
                .satisfies(b -> assertThat(b.held())
                        .as("the customer's 300 sats stay in the wallet")
                        .isGreaterThanOrEqualTo(300));
    }

    /** The admin API ({@code /admin/api/payouts}) and the dashboard's transactions page list the payout, outgoing. */
    private void assertShownToTheOperatorAsOutgoing(OwnerPayout payout) throws Exception {
        jdbc.update("DELETE FROM admin_password");
        jdbc.update("DELETE FROM admin_sessions");
        admin.initializePassword(Optional.of(ADMIN_PASSWORD));
        GatewayHttp http = new GatewayHttp(port);
        HttpResponse<String> login =
                http.send("POST", "/admin/api/login", null, "{\"password\":\"" + ADMIN_PASSWORD + "\"}");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String session = GatewayHttp.json(login).get("token").asText();

        HttpResponse<String> listed = http.send("GET", "/admin/api/payouts?limit=10", session, null);
        HttpResponse<String> anonymous = http.send("GET", "/admin/api/payouts", null, null);
        HttpResponse<String> page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/transactions"))
                                .header("Cookie", "routstr_admin_session=" + session)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode shown = GatewayHttp.json(listed).get(0);
        assertThat(shown.get("id").asText()).isEqualTo(payout.id().value().toString());
        assertThat(shown.get("direction").asText()).isEqualTo("outgoing");
        assertThat(shown.get("status").asText()).isEqualTo("paid");
        assertThat(shown.get("amount_msats").asLong()).isEqualTo(500_000);
        assertThat(shown.get("unit").asText()).isEqualTo("sat");
        assertThat(shown.get("mint_url").asText()).isEqualTo(MINT.url());
        assertThat(shown.get("quote_id").asText())
                .isEqualTo(payout.quoteId().orElseThrow().value());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"payouts\"").contains("outgoing").contains("owner@" + LNURL.authority());
    }

    private String customerKeyWithBalance(long sats) throws Exception {
        try (CashuTsWallet client = new CashuTsWallet(MINT)) {
            String token = client.mintToken(sats).token();
            HttpResponse<String> info = new GatewayHttp(port).send("GET", "/v1/wallet/info", token, null);
            assertThat(info.statusCode()).as(info.body()).isEqualTo(200);
            return GatewayHttp.json(info).get("api_key").asText();
        }
    }

    /** Stands for requests the key paid for: its balance goes down and the ledger books the charge. */
    private void spend(String key, long sats) {
        UUID keyId = jdbc.queryForObject(
                "SELECT id FROM api_keys WHERE refund_mint_url = ? ORDER BY created_at DESC LIMIT 1",
                UUID.class,
                MINT.url());
        assertThat(jdbc.update(
                        "UPDATE api_keys SET balance_msats = balance_msats - ?, total_spent_msats = total_spent_msats + ?"
                                + " WHERE id = ?",
                        sats * 1_000,
                        sats * 1_000,
                        keyId))
                .isEqualTo(1);
        jdbc.update(
                "INSERT INTO ledger_entries (id, entry_type, key_id, amount_msats, reference, created_at)"
                        + " VALUES (?, 'CHARGE', ?, ?, ?, ?)",
                UUID.randomUUID(),
                keyId,
                sats * 1_000,
                "test-charge:" + key.hashCode(),
                Timestamp.from(Instant.now()));
    }

    private int payoutEntries() {
        return jdbc.queryForObject(
                "SELECT count(*) FROM ledger_entries WHERE entry_type = 'PAYOUT' AND reference LIKE 'payout:%'",
                Integer.class);
    }

    /** A LUD-16 service issuing invoices of the test mint's fake Lightning network for the amount asked. */
    static final class FakeLnurlPay implements AutoCloseable {

        private static final Pattern AMOUNT = Pattern.compile("(?:^|&)amount=(\\d+)");

        private final HttpServer server;
        private final List<Long> amounts = new CopyOnWriteArrayList<>();

        FakeLnurlPay() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/.well-known/lnurlp/owner", exchange -> reply(exchange, """
                    {"tag":"payRequest","callback":"http://%s/cb","minSendable":1000,"maxSendable":1000000000,
                     "metadata":"[[\\"text/plain\\",\\"owner\\"]]"}""".formatted(authority())));
            server.createContext("/cb", exchange -> {
                Matcher amount = AMOUNT.matcher(exchange.getRequestURI().getRawQuery());
                if (!amount.find()) {
                    reply(exchange, "{\"status\":\"ERROR\",\"reason\":\"amount missing\"}");
                    return;
                }
                long msats = Long.parseLong(amount.group(1));
                amounts.add(msats);
                reply(exchange, "{\"pr\":\"" + MINT.externalInvoice(msats) + "\",\"routes\":[]}");
            });
            server.start();
        }

        String authority() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        List<Long> invoiceAmounts() {
            return List.copyOf(amounts);
        }

        private static void reply(HttpExchange exchange, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}

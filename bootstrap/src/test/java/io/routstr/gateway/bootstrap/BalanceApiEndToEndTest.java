package io.routstr.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routstr.gateway.application.fake.FakeMintQuotes;
import io.routstr.gateway.application.fake.FakePayouts;
import io.routstr.gateway.application.fake.FakeTokenWallet;
import io.routstr.gateway.application.port.in.ledger.CheckLedgerInvariantUseCase;
import io.routstr.gateway.application.service.Payouts;
import io.routstr.gateway.bootstrap.admin.NodeOnFakeWallet;
import io.routstr.gateway.domain.ecash.QuoteId;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The balance API over real HTTP, with the wallet replaced by a fake that knows the tokens it issued: keys from
 * tokens, top-ups, refunds, history and child keys, in Routstr's shapes.
 */
@NodeOnFakeWallet
class BalanceApiEndToEndTest {

    @LocalServerPort
    int port;

    @Autowired
    FakeTokenWallet wallet;

    @Autowired
    CheckLedgerInvariantUseCase ledger;

    @Autowired
    FakeMintQuotes mint;

    @Autowired
    Payouts payouts;

    @AfterEach
    void ledgerHolds() {
        assertThat(ledger.check().holds()).isTrue();
    }

    private HttpResponse<String> send(String method, String path, String bearer, String body) throws Exception {
        return new GatewayHttp(port).send(method, path, bearer, body);
    }

    private static JsonNode body(HttpResponse<String> response) {
        return GatewayHttp.json(response);
    }

    @Test
    void aCashuTokenAsBearerBecomesAKeyOnceAndReturnsItsSkKey() throws Exception {
        String token = wallet.issue(21);

        HttpResponse<String> first = send("GET", "/v1/wallet/info", token, null);
        HttpResponse<String> again = send("GET", "/v1/balance/info", token, null);

        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode info = body(first);
        assertThat(info.get("api_key").asText()).startsWith("sk-").hasSize(67);
        assertThat(info.get("balance").asLong()).isEqualTo(21_000);
        assertThat(info.get("reserved").asLong()).isZero();
        assertThat(body(again).get("api_key").asText())
                .isEqualTo(info.get("api_key").asText());
        assertThat(body(again).get("balance").asLong()).isEqualTo(21_000);

        HttpResponse<String> bySkKey =
                send("GET", "/v1/balance/", info.get("api_key").asText(), null);
        assertThat(body(bySkKey).get("balance").asLong()).isEqualTo(21_000);
    }

    @Test
    void fiftyConcurrentRequestsWithOneTokenCreditItOnce() throws Exception {
        String token = wallet.issue(100);
        List<Integer> statuses = new CopyOnWriteArrayList<>();

        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                executor.submit(() -> statuses.add(
                        send("GET", "/v1/balance/info", token, null).statusCode()));
            }
        }

        assertThat(statuses).hasSize(50).containsOnly(200);
        assertThat(body(send("GET", "/v1/balance/info", token, null))
                        .get("balance")
                        .asLong())
                .isEqualTo(100_000);
    }

    @Test
    void badCredentialsGetRoutstrsErrors() throws Exception {
        HttpResponse<String> unknown = send("GET", "/v1/balance/info", "sk-not-a-real-api-key", null);
        HttpResponse<String> garbage = send("GET", "/v1/balance/info", "not-a-cashu-token", null);
        HttpResponse<String> missing = send("GET", "/v1/balance/info", null, null);
        HttpResponse<String> invalidToken = send("GET", "/v1/balance/info", "cashuAgarbage", null);

        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(body(unknown).at("/detail/error/code").asText()).isEqualTo("invalid_api_key");
        assertThat(body(unknown).at("/error/code").asText()).isEqualTo("invalid_api_key");
        assertThat(garbage.statusCode()).isEqualTo(401);
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(invalidToken.statusCode()).isEqualTo(400);
        assertThat(body(invalidToken).at("/detail/error/code").asText()).isEqualTo("invalid_cashu_token");
    }

    @Test
    void createReturnsTheKeyAndGrossBalanceByBodyOrQuery() throws Exception {
        String token = wallet.issue(5);

        HttpResponse<String> created = send(
                "POST",
                "/v1/balance/create",
                null,
                "{\"initial_balance_token\":\"" + token
                        + "\",\"balance_limit\":3000,\"balance_limit_reset\":\"daily\"}");
        HttpResponse<String> again = send("GET", "/v1/balance/create?initial_balance_token=" + token, null, null);

        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(body(created).get("balance").asLong()).isEqualTo(5_000);
        assertThat(body(again).get("api_key").asText())
                .isEqualTo(body(created).get("api_key").asText());
        JsonNode info = body(
                send("GET", "/v1/balance/info", body(created).get("api_key").asText(), null));
        assertThat(info.get("balance_limit").asLong()).isEqualTo(3_000);
        assertThat(info.get("balance_limit_reset").asText()).isEqualTo("daily");
    }

    @Test
    void topUpCreditsOnceAndRefusesASpentToken() throws Exception {
        String key = body(send("GET", "/v1/balance/info", wallet.issue(10), null))
                .get("api_key")
                .asText();
        String topUpToken = wallet.issue(7);

        HttpResponse<String> byQuery = send("POST", "/v1/balance/topup?cashu_token=" + topUpToken, key, null);
        HttpResponse<String> again = send("POST", "/v1/wallet/topup", key, "{\"cashu_token\":\"" + topUpToken + "\"}");
        HttpResponse<String> malformed = send("POST", "/v1/balance/topup?cashu_token=cashuA123", key, null);

        assertThat(byQuery.statusCode()).isEqualTo(200);
        assertThat(body(byQuery).get("msats").asLong()).isEqualTo(7_000);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(body(again).at("/error/code").asText()).isEqualTo("cashu_token_already_spent");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(body(send("GET", "/v1/balance/info", key, null))
                        .get("balance")
                        .asLong())
                .isEqualTo(17_000);
    }

    @Test
    void aRefundPaysTheBalanceAsATokenAndThenThereIsNothingLeft() throws Exception {
        String key = body(send("GET", "/v1/balance/info", wallet.issue(12), null))
                .get("api_key")
                .asText();

        HttpResponse<String> refund = send("POST", "/v1/wallet/refund", key, null);
        HttpResponse<String> lostAnswerRetry = send("POST", "/v1/wallet/refund", key, null);
        ((FakePayouts) payouts).spend(body(refund).get("token").asText());
        HttpResponse<String> afterSpending = send("POST", "/v1/wallet/refund", key, null);
        HttpResponse<String> unknown = send("POST", "/v1/wallet/refund", "sk-unknown", null);

        assertThat(refund.statusCode()).isEqualTo(200);
        assertThat(body(refund).get("token").asText()).startsWith("cashuB");
        assertThat(body(refund).get("sats").asText()).isEqualTo("12");
        assertThat(body(refund).get("status").asText()).isEqualTo("completed");
        assertThat(body(refund).get("refund_id").asText()).isNotBlank();
        assertThat(lostAnswerRetry.statusCode()).isEqualTo(200);
        assertThat(body(lostAnswerRetry)).isEqualTo(body(refund));
        assertThat(afterSpending.statusCode()).isEqualTo(400);
        assertThat(body(afterSpending).get("detail").asText()).isEqualTo("No balance to refund");
        assertThat(body(afterSpending).at("/error/code").asText()).isEqualTo("no_balance_to_refund");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(body(unknown).at("/error/code").asText()).isEqualTo("key_not_found");
    }

    @Test
    void aRefundWhoseRequestDiedIsInProgressForOthersWithItsRefundId() throws Exception {
        String key = body(send("GET", "/v1/balance/info", wallet.issue(12), null))
                .get("api_key")
                .asText();
        ((FakePayouts) payouts).crashBeforePayingNext();

        HttpResponse<String> died = send("POST", "/v1/balance/refund", key, null);
        HttpResponse<String> again = send("POST", "/v1/balance/refund", key, null);

        assertThat(died.statusCode()).isEqualTo(500);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(body(again).at("/error/code").asText()).isEqualTo("refund_in_progress");
        assertThat(body(again).get("status").asText()).isEqualTo("open");
        assertThat(body(again).get("refund_id").asText()).isNotBlank();
        assertThat(body(send("GET", "/v1/balance/info", key, null))
                        .get("balance")
                        .asLong())
                .isZero();
    }

    @Test
    void aRefundWhileAnotherPayoutHoldsTheMintsProofs_isRetryableAndKeepsTheBalance() throws Exception {
        String key = body(send("GET", "/v1/balance/info", wallet.issue(12), null))
                .get("api_key")
                .asText();
        ((FakePayouts) payouts).findNextProofsInFlight("proofs held by another swap");

        HttpResponse<String> busy = send("POST", "/v1/balance/refund", key, null);
        long balanceAfter =
                body(send("GET", "/v1/balance/info", key, null)).get("balance").asLong();
        HttpResponse<String> retry = send("POST", "/v1/balance/refund", key, null);

        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(body(busy).at("/error/code").asText()).isEqualTo("refund_temporarily_unavailable");
        assertThat(body(busy).at("/error/message").asText()).isNotBlank();
        assertThat(balanceAfter).isEqualTo(12_000);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(body(retry).get("sats").asText()).isEqualTo("12");
    }

    @Test
    void aRefundTheMintDefinitelyCannotPay_isStillAFailureAndKeepsTheBalance() throws Exception {
        String key = body(send("GET", "/v1/balance/info", wallet.issue(12), null))
                .get("api_key")
                .asText();
        ((FakePayouts) payouts).failNext("the wallet holds too little of this mint and unit");

        HttpResponse<String> failed = send("POST", "/v1/balance/refund", key, null);

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(body(failed).at("/error/code").asText()).isEqualTo("refund_failed");
        assertThat(body(send("GET", "/v1/balance/info", key, null))
                        .get("balance")
                        .asLong())
                .isEqualTo(12_000);
    }

    @Test
    void aRefundBodyMayNameALightningAddressToPay() throws Exception {
        String key = body(send("GET", "/v1/balance/info", wallet.issue(12), null))
                .get("api_key")
                .asText();

        HttpResponse<String> refund =
                send("POST", "/v1/balance/refund", key, "{\"lightning_address\":\"alice@example.com\"}");

        assertThat(refund.statusCode()).isEqualTo(200);
        assertThat(body(refund).get("recipient").asText()).isEqualTo("alice@example.com");
        assertThat(body(refund).has("token")).isFalse();
        assertThat(body(refund).get("status").asText()).isEqualTo("completed");
    }

    @Test
    void historyListsTheKeysMovements() throws Exception {
        String key = body(send("GET", "/v1/balance/info", wallet.issue(3), null))
                .get("api_key")
                .asText();

        JsonNode history = body(send("GET", "/v1/balance/history", key, null));

        assertThat(history.get("transactions")).hasSize(1);
        assertThat(history.at("/transactions/0/type").asText()).isEqualTo("in");
        assertThat(history.at("/transactions/0/amount").asLong()).isEqualTo(3_000);
    }

    @Test
    void aParentCreatesChildKeysThatSpendItsBalanceAndResetsThem() throws Exception {
        String parent = body(send("GET", "/v1/balance/info", wallet.issue(50), null))
                .get("api_key")
                .asText();

        HttpResponse<String> created =
                send("POST", "/v1/balance/child-key", parent, "{\"count\":2,\"balance_limit\":10000}");

        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode children = body(created);
        assertThat(children.get("api_keys")).hasSize(2);
        assertThat(children.get("cost_msats").asLong()).isEqualTo(2_000);
        assertThat(children.get("parent_balance").asLong()).isEqualTo(48_000);
        String child = children.at("/api_keys/0").asText();

        JsonNode childInfo = body(send("GET", "/v1/balance/info", child, null));
        assertThat(childInfo.get("is_child").asBoolean()).isTrue();
        assertThat(childInfo.get("balance").asLong()).isEqualTo(48_000);
        assertThat(body(send("GET", "/v1/balance/info", parent, null)).get("child_keys"))
                .hasSize(2);

        assertThat(send("POST", "/v1/balance/child-key", child, "{\"count\":1}").statusCode())
                .isEqualTo(400);
        assertThat(send("POST", "/v1/balance/child-key/reset", parent, "{\"child_key\":\"" + child + "\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/v1/balance/child-key/reset", parent, "{\"child_key\":\"sk-nobody\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(send("POST", "/v1/balance/child-key", parent, "{\"count\":51}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void theOpenApiDocumentDescribesThePaymentSchemesAndTheBalanceApi() throws Exception {
        String document = send("GET", "/v3/api-docs", null, null).body();

        assertThat(document)
                .contains("\"apiKey\"", "\"cashuToken\"", "\"xCashu\"", "X-Cashu")
                .contains("/v1/balance/info", "/v1/balance/refund", "/v1/wallet/topup", "/v1/balance/child-key");
    }

    @Test
    void aPaidLightningInvoiceCreatesAKeyThatOnlyItsHolderSees() throws Exception {
        HttpResponse<String> created =
                send("POST", "/lightning/invoice", null, "{\"amount_sats\":2100,\"purpose\":\"create\"}");
        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode invoice = body(created);
        assertThat(invoice.get("bolt11").asText()).startsWith("lnbc");
        String status = "/lightning/invoice/" + invoice.get("invoice_id").asText() + "/status";
        assertThat(body(send("GET", status, null, null)).get("status").asText()).isEqualTo("pending");

        QuoteId quote = mint.quoteOf(invoice.get("bolt11").asText());
        assertThat(invoice.get("payment_hash").asText())
                .isEqualTo(FakeMintQuotes.paymentHashOf(quote))
                .isNotEqualTo(quote.value());

        mint.payInvoice(invoice.get("bolt11").asText());
        JsonNode paid = body(send("GET", status, null, null));
        String recoverBody = "{\"bolt11\":\"" + invoice.get("bolt11").asText() + "\"";
        JsonNode recoveredByBolt11 = body(send("POST", "/lightning/recover", null, recoverBody + "}"));
        JsonNode recoveredWithId = body(send(
                "POST",
                "/lightning/recover",
                null,
                recoverBody + ",\"invoice_id\":\"" + invoice.get("invoice_id").asText() + "\"}"));

        assertThat(paid.get("status").asText()).isEqualTo("paid");
        assertThat(recoveredByBolt11.get("status").asText()).isEqualTo("paid");
        assertThat(recoveredByBolt11.has("api_key")).isFalse();
        assertThat(recoveredWithId.get("api_key").asText())
                .isEqualTo(paid.get("api_key").asText());
        String key = paid.get("api_key").asText();
        assertThat(body(send("GET", "/v1/balance/info", key, null))
                        .get("balance")
                        .asLong())
                .isEqualTo(2_100_000);
        assertThat(send("GET", "/lightning/invoice/nope/status", null, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aLightningTopUpCreditsTheKeyWithoutRevealingIt() throws Exception {
        String key = body(send("GET", "/v1/balance/info", wallet.issue(1), null))
                .get("api_key")
                .asText();

        HttpResponse<String> noKey =
                send("POST", "/v1/balance/lightning/invoice", null, "{\"amount_sats\":5,\"purpose\":\"topup\"}");
        HttpResponse<String> created =
                send("POST", "/lightning/invoice", key, "{\"amount_sats\":5,\"purpose\":\"topup\"}");
        mint.payInvoice(body(created).get("bolt11").asText());
        JsonNode paid = body(send(
                "GET", "/lightning/invoice/" + body(created).get("invoice_id").asText() + "/status", null, null));
        JsonNode recovered = body(send(
                "POST",
                "/lightning/recover",
                null,
                "{\"bolt11\":\"" + body(created).get("bolt11").asText() + "\"}"));

        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(paid.get("status").asText()).isEqualTo("paid");
        assertThat(paid.has("api_key")).isFalse();
        assertThat(recovered.get("status").asText()).isEqualTo("paid");
        assertThat(body(send("GET", "/v1/balance/info", key, null))
                        .get("balance")
                        .asLong())
                .isEqualTo(6_000);
    }
}

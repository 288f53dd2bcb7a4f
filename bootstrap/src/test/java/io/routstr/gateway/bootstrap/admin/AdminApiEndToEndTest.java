package io.routstr.gateway.bootstrap.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routstr.gateway.application.fake.FakePayouts;
import io.routstr.gateway.application.fake.FakeTokenWallet;
import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase;
import io.routstr.gateway.application.port.in.ledger.CheckLedgerInvariantUseCase;
import io.routstr.gateway.application.port.in.proxy.RefreshModelCatalogUseCase;
import io.routstr.gateway.application.service.Payouts;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import io.routstr.gateway.upstream.rates.ExchangeRateAdapter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The admin API over real HTTP against the node and its PostgreSQL, one test per operator action: signing in and out,
 * sessions and their CSRF rule, the password, scripts' tokens, keys, providers and prices, wallet balances, owner
 * withdrawals, the ledger invariant, reports, settings and the seed. The wallet's payouts are a fake that records them.
 */
@NodeOnFakeWallet
@ExtendWith(OutputCaptureExtension.class)
class AdminApiEndToEndTest {

    /** The upstream of the usage test; the node's BTC/USD rate comes from the shared price source (1 BTC = 1000 USD). */
    static final FakeOpenAiServer upstream = FakeOpenAiServer.start().btcUsd("1000");

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AdminAccessUseCase access;

    @Autowired
    FakeTokenWallet wallet;

    @Autowired
    Payouts payouts;

    @Autowired
    CheckLedgerInvariantUseCase ledger;

    @Autowired
    ExchangeRateAdapter rates;

    @Autowired
    RefreshModelCatalogUseCase catalog;

    AdminHttp http;

    @BeforeEach
    void knownPassword() {
        AdminTestSupport.knownPassword(jdbc, access);
        http = new AdminHttp(port);
    }

    @AfterEach
    void ledgerHolds() {
        assertThat(ledger.check().holds()).isTrue();
    }

    private String logIn() throws Exception {
        HttpResponse<String> login = http.bearer("POST", "/admin/api/login", null, password(AdminTestSupport.PASSWORD));
        assertThat(login.statusCode()).isEqualTo(200);
        return AdminHttp.json(login).get("token").asText();
    }

    private static String password(String password) throws Exception {
        return AdminHttp.JSON.writeValueAsString(java.util.Map.of("password", password));
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyAdminRouteRefusesARequestWithoutSessionOrTokenWith401Json() throws Exception {
        for (String path : List.of(
                "/admin/api/balances",
                "/admin/api/temporary-balances",
                "/admin/api/upstream-providers",
                "/admin/api/settings",
                "/admin/api/usage/models",
                "/admin/api/usage/revenue-by-model",
                "/admin/api/cli-tokens",
                "/admin/api/ledger/invariant")) {
            HttpResponse<String> none = http.bearer("GET", path, null, null);
            HttpResponse<String> forged = http.bearer("GET", path, "ras_forged-session-token", null);

            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(forged.statusCode()).as(path).isEqualTo(401);
            assertThat(AdminHttp.json(none).at("/error/code").asText()).isEqualTo("admin_unauthorized");
            assertThat(AdminHttp.json(none).has("request_id")).isTrue();
        }
        assertThat(http.bearer("PATCH", "/admin/api/nsec", null, "{\"nsec\":\"\"}")
                        .statusCode())
                .isEqualTo(401);
        assertThat(http.bearer("PATCH", "/admin/api/settings", null, "{\"NAME\":\"x\"}")
                        .statusCode())
                .isEqualTo(401);
        assertThat(http.bearer("POST", "/admin/withdraw", null, "{\"amount\":1}")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void logInWithThePasswordOpensADatabaseSessionKeptOnlyAsAHash() throws Exception {
        HttpResponse<String> wrong = http.bearer("POST", "/admin/api/login", null, password("not the password"));
        HttpResponse<String> right = http.bearer("POST", "/admin/api/login", null, password(AdminTestSupport.PASSWORD));

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(AdminHttp.json(wrong).at("/error/code").asText()).isEqualTo("invalid_password");
        assertThat(right.statusCode()).isEqualTo(200);
        JsonNode body = AdminHttp.json(right);
        assertThat(body.get("ok").asBoolean()).isTrue();
        assertThat(body.get("expires_in").asLong()).isEqualTo(3600);
        String token = body.get("token").asText();
        String cookie = right.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie)
                .startsWith("routstr_admin_session=" + token)
                .contains("HttpOnly")
                .contains("SameSite=Strict")
                .contains("Path=/admin")
                .doesNotContain("Secure"); // plain http here; https requests get Secure
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM admin_sessions WHERE token_hash = ?", Integer.class, sha256(token)))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM admin_sessions WHERE token_hash = ? OR csrf_token = ?",
                        Integer.class,
                        token,
                        token))
                .isZero();
        assertThat(http.bearer("GET", "/admin/api/balances", token, null).statusCode())
                .isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT password_hash FROM admin_password", String.class))
                .startsWith("$argon2id$v=19$m=19456,t=2,p=1$")
                .doesNotContain(AdminTestSupport.PASSWORD);
    }

    @Test
    void aSessionOutlivesNothingItsExpiryOrLogoutEnds() throws Exception {
        String token = logIn();
        String other = logIn();

        HttpResponse<String> logout = http.bearer("POST", "/admin/api/logout", token, null);
        jdbc.update(
                "UPDATE admin_sessions SET expires_at = now() - interval '1 second' WHERE token_hash = ?",
                sha256(other));

        assertThat(logout.statusCode()).isEqualTo(200);
        assertThat(http.bearer("GET", "/admin/api/balances", token, null).statusCode())
                .isEqualTo(401);
        assertThat(http.bearer("GET", "/admin/api/balances", other, null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void aChangeMadeWithTheSessionCookieNeedsTheSessionsCsrfToken() throws Exception {
        HttpResponse<String> login = http.bearer("POST", "/admin/api/login", null, password(AdminTestSupport.PASSWORD));
        String session = AdminHttp.json(login).get("token").asText();
        String csrf = AdminHttp.json(login).get("csrf_token").asText();
        String issue = "{\"name\":\"csrf check\"}";

        HttpResponse<String> read = http.cookie("GET", "/admin/api/cli-tokens", session, null, null);
        HttpResponse<String> withoutCsrf = http.cookie("POST", "/admin/api/cli-tokens", session, null, issue);
        HttpResponse<String> wrongCsrf = http.cookie("POST", "/admin/api/cli-tokens", session, "forged", issue);
        HttpResponse<String> withCsrf = http.cookie("POST", "/admin/api/cli-tokens", session, csrf, issue);

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(withoutCsrf.statusCode()).isEqualTo(403);
        assertThat(AdminHttp.json(withoutCsrf).at("/error/code").asText()).isEqualTo("admin_csrf_failed");
        assertThat(wrongCsrf.statusCode()).isEqualTo(403);
        assertThat(withCsrf.statusCode()).isEqualTo(201);
    }

    @Test
    void changingThePasswordChecksTheCurrentOneAndEndsEverySession() throws Exception {
        String token = logIn();

        HttpResponse<String> wrongCurrent = http.bearer(
                "PATCH",
                "/admin/api/password",
                token,
                "{\"current_password\":\"nope\",\"new_password\":\"long enough\"}");
        HttpResponse<String> tooShort = http.bearer(
                "PATCH",
                "/admin/api/password",
                token,
                "{\"current_password\":\"" + AdminTestSupport.PASSWORD + "\",\"new_password\":\"short\"}");
        HttpResponse<String> changed = http.bearer(
                "PATCH",
                "/admin/api/password",
                token,
                "{\"current_password\":\"" + AdminTestSupport.PASSWORD
                        + "\",\"new_password\":\"a new long password\"}");

        assertThat(wrongCurrent.statusCode()).isEqualTo(401);
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(AdminHttp.json(tooShort).at("/error/code").asText()).isEqualTo("password_too_short");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(http.bearer("GET", "/admin/api/balances", token, null).statusCode())
                .isEqualTo(401);
        assertThat(http.bearer("POST", "/admin/api/login", null, password(AdminTestSupport.PASSWORD))
                        .statusCode())
                .isEqualTo(401);
        assertThat(http.bearer("POST", "/admin/api/login", null, password("a new long password"))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aGeneratedPasswordIsHandedOutOnceOnTheFirstStartOnly() {
        jdbc.update("DELETE FROM admin_password");

        Optional<String> first = access.initializePassword(Optional.empty());
        Optional<String> second = access.initializePassword(Optional.empty());

        assertThat(first).hasValueSatisfying(p -> assertThat(p).hasSizeGreaterThanOrEqualTo(32));
        assertThat(second).isEmpty();
        assertThat(access.logIn(first.orElseThrow())).isInstanceOf(AdminAccessUseCase.LoginOutcome.LoggedIn.class);
    }

    @Test
    void scriptsTokensAreShownOnceStoredHashedAndStopWorkingWhenRevokedOrExpired(CapturedOutput output)
            throws Exception {
        String session = logIn();

        HttpResponse<String> issued = http.bearer(
                "POST", "/admin/api/cli-tokens", session, "{\"name\":\"backup script\",\"expires_in_days\":30}");
        JsonNode token = AdminHttp.json(issued);
        String raw = token.get("token").asText();
        HttpResponse<String> expiring =
                http.bearer("POST", "/admin/api/cli-tokens", session, "{\"name\":\"expiring\"}");
        String expiringRaw = AdminHttp.json(expiring).get("token").asText();

        assertThat(issued.statusCode()).isEqualTo(201);
        assertThat(raw).startsWith("rat_");
        assertThat(token.get("token_preview").asText())
                .isEqualTo(raw.substring(0, 8) + "…" + raw.substring(raw.length() - 4));
        assertThat(token.get("expires_at").isNull()).isFalse();
        assertThat(http.bearer("GET", "/admin/api/balances", raw, null).statusCode())
                .isEqualTo(200);
        HttpResponse<String> list = http.bearer("GET", "/admin/api/cli-tokens", session, null);
        assertThat(list.body()).doesNotContain(raw).contains("backup script");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM admin_api_tokens WHERE token_hash = ?", Integer.class, sha256(raw)))
                .isEqualTo(1);

        HttpResponse<String> revoked =
                http.bearer("DELETE", "/admin/api/cli-tokens/" + token.get("id").asText(), session, null);
        jdbc.update(
                "UPDATE admin_api_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = ?",
                sha256(expiringRaw));

        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(http.bearer("GET", "/admin/api/balances", raw, null).statusCode())
                .isEqualTo(401);
        assertThat(http.bearer("GET", "/admin/api/balances", expiringRaw, null).statusCode())
                .isEqualTo(401);
        assertThat(output.getAll())
                .doesNotContain(raw)
                .doesNotContain(session)
                .doesNotContain(AdminTestSupport.PASSWORD);
    }

    @Test
    void keysAreFoundByHashPrefixShownWithBalanceAndHistoryAndTheirLimitsEdited() throws Exception {
        String token = logIn();
        String ecash = wallet.issue(4_321);
        HttpResponse<String> opened = http.bearer("GET", "/v1/balance/info", ecash, null);
        String apiKey = AdminHttp.json(opened).get("api_key").asText();
        JsonNode page = AdminHttp.json(http.bearer("GET", "/admin/api/temporary-balances?limit=200", token, null));
        JsonNode mine = StreamSupport.stream(page.get("balances").spliterator(), false)
                .filter(k -> k.get("balance").asLong() == 4_321_000)
                .findFirst()
                .orElseThrow();
        String hash = mine.get("hashed_key").asText();

        JsonNode found = AdminHttp.json(
                http.bearer("GET", "/admin/api/temporary-balances?search=" + hash.substring(0, 10), token, null));
        HttpResponse<String> detail = http.bearer("GET", "/admin/api/apikeys/" + hash, token, null);
        HttpResponse<String> edited = http.bearer(
                "PATCH",
                "/admin/api/apikeys/" + hash,
                token,
                "{\"balance_limit\":2000000,\"balance_limit_reset\":\"daily\",\"validity_date\":4102444800,"
                        + "\"requests_per_minute\":30,\"tokens_per_minute\":50000,\"max_concurrent\":2}");
        HttpResponse<String> cleared =
                http.bearer("PATCH", "/admin/api/apikeys/" + hash, token, "{\"max_concurrent\":null}");

        assertThat(page.get("total").asLong()).isPositive();
        assertThat(page.toString()).doesNotContain(apiKey);
        assertThat(found.get("balances")).hasSize(1);
        assertThat(found.at("/balances/0/hashed_key").asText()).isEqualTo(hash);
        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(AdminHttp.json(detail).at("/history/0/type").asText()).isEqualTo("DEPOSIT");
        assertThat(AdminHttp.json(detail).at("/history/0/amount_msats").asLong())
                .isEqualTo(4_321_000);
        assertThat(detail.body()).doesNotContain(apiKey);
        JsonNode after = AdminHttp.json(edited);
        assertThat(edited.statusCode()).isEqualTo(200);
        assertThat(after.get("balance_limit").asLong()).isEqualTo(2_000_000);
        assertThat(after.get("balance_limit_reset").asText()).isEqualTo("daily");
        assertThat(after.get("validity_date").asLong()).isEqualTo(4_102_444_800L);
        assertThat(after.at("/rate_limits/requests_per_minute").asInt()).isEqualTo(30);
        assertThat(after.at("/rate_limits/tokens_per_minute").asLong()).isEqualTo(50_000);
        assertThat(after.at("/rate_limits/max_concurrent").asInt()).isEqualTo(2);
        assertThat(AdminHttp.json(cleared).at("/rate_limits/max_concurrent").isNull())
                .isTrue();
        assertThat(AdminHttp.json(cleared)
                        .at("/rate_limits/requests_per_minute")
                        .asInt())
                .isEqualTo(30);
        assertThat(http.bearer("GET", "/admin/api/apikeys/" + "0".repeat(64), token, null)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void aRevokedKeyIsInvalidFromNowOnAndKeepsItsBalance() throws Exception {
        String token = logIn();
        String apiKey = AdminHttp.json(http.bearer("GET", "/v1/balance/info", wallet.issue(1_234), null))
                .get("api_key")
                .asText();
        JsonNode page = AdminHttp.json(http.bearer("GET", "/admin/api/temporary-balances?limit=200", token, null));
        String hash = StreamSupport.stream(page.get("balances").spliterator(), false)
                .filter(k -> k.get("balance").asLong() == 1_234_000)
                .findFirst()
                .orElseThrow()
                .get("hashed_key")
                .asText();

        HttpResponse<String> revoked = http.bearer("POST", "/admin/api/apikeys/" + hash + "/revoke", token, null);
        JsonNode detail = AdminHttp.json(http.bearer("GET", "/admin/api/apikeys/" + hash, token, null));
        HttpResponse<String> used =
                http.bearer("POST", "/v1/chat/completions", apiKey, "{\"model\":\"gpt-4o-mini\",\"messages\":[]}");

        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(detail.get("validity_date").asLong())
                .isLessThanOrEqualTo(java.time.Instant.now().getEpochSecond());
        assertThat(detail.get("balance").asLong()).isEqualTo(1_234_000);
        assertThat(used.statusCode()).isIn(401, 403); // refused as an expired key
    }

    @Test
    void providersAreAddedEditedRotatedAndDisabledWithTheirKeyNeverShownAndEncryptedAtRest() throws Exception {
        String token = logIn();
        String secret = "sk-provider-secret-" + java.util.UUID.randomUUID();
        String rotated = "sk-rotated-secret-" + java.util.UUID.randomUUID();

        HttpResponse<String> added = http.bearer(
                "POST",
                "/admin/api/upstream-providers",
                token,
                "{\"provider_type\":\"generic\",\"base_url\":\"http://127.0.0.1:9/v1\",\"api_key\":\"" + secret
                        + "\",\"provider_fee\":1.05,\"enabled\":true}");
        String id = AdminHttp.json(added).get("id").asText();
        String storedBefore = jdbc.queryForObject(
                "SELECT api_key_ciphertext FROM upstream_providers WHERE id = ?::uuid", String.class, id);
        HttpResponse<String> edited = http.bearer(
                "PATCH",
                "/admin/api/upstream-providers/" + id,
                token,
                "{\"api_key\":\"" + rotated + "\",\"enabled\":false,\"base_url\":\"http://127.0.0.1:10/v1\"}");
        String storedAfter = jdbc.queryForObject(
                "SELECT api_key_ciphertext FROM upstream_providers WHERE id = ?::uuid", String.class, id);
        HttpResponse<String> list = http.bearer("GET", "/admin/api/upstream-providers", token, null);
        HttpResponse<String> missing = http.bearer(
                "PATCH", "/admin/api/upstream-providers/" + java.util.UUID.randomUUID(), token, "{\"enabled\":true}");

        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(added.body()).doesNotContain(secret);
        assertThat(AdminHttp.json(added).get("api_key").asText()).isEqualTo("[REDACTED]");
        assertThat(storedBefore).isNotNull().doesNotContain(secret);
        assertThat(edited.statusCode()).isEqualTo(200);
        assertThat(AdminHttp.json(edited).get("enabled").asBoolean()).isFalse();
        assertThat(AdminHttp.json(edited).get("base_url").asText()).isEqualTo("http://127.0.0.1:10/v1");
        assertThat(storedAfter).isNotEqualTo(storedBefore).doesNotContain(rotated);
        assertThat(list.body()).contains(id).doesNotContain(secret).doesNotContain(rotated);
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void aModelPriceOverrideIsStoredAndListed() throws Exception {
        String token = logIn();

        HttpResponse<String> put = http.bearer(
                "PUT",
                "/admin/api/price-overrides/admin-test-model",
                token,
                "{\"prompt\":\"0.000001\",\"completion\":\"0.000002\",\"enabled\":true}");
        HttpResponse<String> bad = http.bearer(
                "PUT",
                "/admin/api/price-overrides/admin-test-model",
                token,
                "{\"prompt\":\"-1\",\"completion\":\"0\"}");
        JsonNode list = AdminHttp.json(http.bearer("GET", "/admin/api/price-overrides", token, null));

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(StreamSupport.stream(list.spliterator(), false)
                        .filter(o -> o.get("model_id").asText().equals("admin-test-model"))
                        .findFirst()
                        .orElseThrow()
                        .get("completion")
                        .decimalValue())
                .isEqualByComparingTo("0.000002");
    }

    @Test
    void walletBalancesSplitEachMintsProofsIntoCustomerBalancesAndOwnerFunds() throws Exception {
        String token = logIn();
        String mint = AdminTestSupport.mintHolding(jdbc, 5_000);
        http.bearer("GET", "/v1/balance/info", wallet.issue(77), null); // a customer at the fake wallet's mint

        JsonNode balances = AdminHttp.json(http.bearer("GET", "/admin/api/balances", token, null));
        JsonNode owner = find(balances, mint);
        JsonNode customers = find(balances, FakeTokenWallet.MINT.value());

        assertThat(owner.get("wallet_balance").asLong()).isEqualTo(5_000);
        assertThat(owner.get("user_balance_msats").asLong()).isZero();
        assertThat(owner.get("owner_balance").asLong()).isEqualTo(5_000);
        assertThat(customers.get("user_balance_msats").asLong()).isGreaterThanOrEqualTo(77_000);
        assertThat(customers.get("owner_balance").asLong())
                .isEqualTo(customers.get("wallet_balance").asLong()
                        - (customers.get("user_balance_msats").asLong() + 999) / 1000);
    }

    @Test
    void aWithdrawalAboveTheOwnerFundsIsRefusedAndMovesNothing() throws Exception {
        String token = logIn();
        String mint = AdminTestSupport.mintHolding(jdbc, 1_000);
        int paidBefore = ((FakePayouts) payouts).paid().size();

        HttpResponse<String> tooMuch = http.bearer(
                "POST", "/admin/withdraw", token, "{\"amount\":1001,\"mint_url\":\"" + mint + "\",\"unit\":\"sat\"}");
        HttpResponse<String> customers = http.bearer(
                "POST",
                "/admin/withdraw",
                token,
                "{\"amount\":1,\"mint_url\":\"" + FakeTokenWallet.MINT.value() + "\",\"unit\":\"sat\"}");
        HttpResponse<String> zero =
                http.bearer("POST", "/admin/withdraw", token, "{\"amount\":0,\"mint_url\":\"" + mint + "\"}");

        assertThat(tooMuch.statusCode()).isEqualTo(400);
        assertThat(AdminHttp.json(tooMuch).at("/error/code").asText()).isEqualTo("insufficient_owner_funds");
        assertThat(customers.statusCode()).isEqualTo(400); // that mint's ecash all backs customer balances
        assertThat(zero.statusCode()).isEqualTo(400);
        assertThat(((FakePayouts) payouts).paid()).hasSize(paidBefore);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM admin_withdrawals WHERE mint_url = ?", Integer.class, mint))
                .isZero();
    }

    @Test
    void ownerFundsAreWithdrawnAsATokenAndBookedAsAPayout() throws Exception {
        String token = logIn();
        String mint = AdminTestSupport.mintHolding(jdbc, 2_000);

        HttpResponse<String> paid = http.bearer(
                "POST", "/admin/withdraw", token, "{\"amount\":1500,\"mint_url\":\"" + mint + "\",\"unit\":\"sat\"}");

        assertThat(paid.statusCode()).isEqualTo(200);
        assertThat(AdminHttp.json(paid).get("token").asText()).startsWith("cashuB");
        assertThat(AdminHttp.json(paid).get("mint_url").asText()).isEqualTo(mint);
        assertThat(jdbc.queryForObject(
                        "SELECT amount_msats FROM ledger_entries WHERE entry_type = 'PAYOUT' AND reference = ("
                                + "SELECT 'admin-withdrawal:' || id FROM admin_withdrawals WHERE mint_url = ?)",
                        Long.class,
                        mint))
                .isEqualTo(1_500_000);
        JsonNode listed = AdminHttp.json(http.bearer("GET", "/admin/api/withdrawals", token, null));
        assertThat(listed.get(0).get("status").asText()).isEqualTo("paid");
    }

    @Test
    void ownerFundsAreWithdrawnToALightningAddress() throws Exception {
        String token = logIn();
        String mint = AdminTestSupport.mintHolding(jdbc, 700);
        int paidBefore = ((FakePayouts) payouts).paid().size();

        HttpResponse<String> paid = http.bearer(
                "POST",
                "/admin/withdraw",
                token,
                "{\"amount\":600,\"mint_url\":\"" + mint + "\",\"lightning_address\":\"owner@example.com\"}");

        assertThat(paid.statusCode()).isEqualTo(200);
        assertThat(AdminHttp.json(paid).get("token").isNull()).isTrue();
        assertThat(((FakePayouts) payouts).paid()).hasSize(paidBefore + 1);
        assertThat(jdbc.queryForObject(
                        "SELECT destination || ' ' || state FROM admin_withdrawals WHERE mint_url = ?",
                        String.class,
                        mint))
                .isEqualTo("LIGHTNING PAID");
    }

    @Test
    void aWithdrawalWhoseOutcomeIsUnknownKeepsItsAmountClaimedAgainstTheOwnerFunds() throws Exception {
        String token = logIn();
        String mint = AdminTestSupport.mintHolding(jdbc, 1_000);
        ((FakePayouts) payouts).leaveNextUnknown("the mint timed out");

        HttpResponse<String> unknown =
                http.bearer("POST", "/admin/withdraw", token, "{\"amount\":800,\"mint_url\":\"" + mint + "\"}");
        HttpResponse<String> again =
                http.bearer("POST", "/admin/withdraw", token, "{\"amount\":800,\"mint_url\":\"" + mint + "\"}");
        HttpResponse<String> rest =
                http.bearer("POST", "/admin/withdraw", token, "{\"amount\":200,\"mint_url\":\"" + mint + "\"}");

        assertThat(unknown.statusCode()).isEqualTo(202);
        assertThat(AdminHttp.json(unknown).at("/error/code").asText()).isEqualTo("withdrawal_unconfirmed");
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(AdminHttp.json(again).at("/error/code").asText()).isEqualTo("insufficient_owner_funds");
        assertThat(rest.statusCode()).isEqualTo(200);
    }

    @Test
    void theLedgerInvariantTransactionsInvoicesAndUsageComeFromTheDatabase() throws Exception {
        String token = logIn();
        http.bearer("GET", "/v1/balance/info", wallet.issue(55), null);

        JsonNode invariant = AdminHttp.json(http.bearer("GET", "/admin/api/ledger/invariant", token, null));
        JsonNode deposits =
                AdminHttp.json(http.bearer("GET", "/admin/api/transactions?type=deposit&limit=5", token, null));
        HttpResponse<String> invoices = http.bearer("GET", "/admin/api/lightning-invoices", token, null);
        HttpResponse<String> operations = http.bearer("GET", "/admin/api/cashu-operations", token, null);
        JsonNode hourly =
                AdminHttp.json(http.bearer("GET", "/admin/api/usage/metrics?interval=hour&span=2", token, null));
        JsonNode daily =
                AdminHttp.json(http.bearer("GET", "/admin/api/usage/metrics?interval=day&span=7", token, null));
        HttpResponse<String> badInterval = http.bearer("GET", "/admin/api/usage/metrics?interval=week", token, null);

        assertThat(invariant.get("holds").asBoolean()).isTrue();
        assertThat(invariant.get("discrepancy_msats").asLong()).isZero();
        assertThat(deposits).isNotEmpty();
        assertThat(deposits.get(0).get("type").asText()).isEqualTo("DEPOSIT");
        assertThat(invoices.statusCode()).isEqualTo(200);
        assertThat(operations.statusCode()).isEqualTo(200);
        assertThat(AdminHttp.json(operations).isArray()).isTrue();
        assertThat(hourly.get(hourly.size() - 1).get("deposited_msats").asLong())
                .isGreaterThanOrEqualTo(55_000);
        assertThat(daily.get(daily.size() - 1).get("deposited_msats").asLong()).isGreaterThanOrEqualTo(55_000);
        assertThat(badInterval.statusCode()).isEqualTo(400);
    }

    @Test
    void usagePerModelCountsEachBilledRequestWithItsTokensFromTheLedger() throws Exception {
        String token = logIn();
        jdbc.update("DELETE FROM upstream_providers");
        HttpResponse<String> added = http.bearer(
                "POST",
                "/admin/api/upstream-providers",
                token,
                "{\"provider_type\":\"generic\",\"base_url\":\"" + upstream.baseUrl()
                        + "\",\"api_key\":\"sk-usage-test\",\"provider_fee\":1.0,\"enabled\":true}");
        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(rates.refresh()).isTrue();
        catalog.refresh();
        String customer = wallet.issue(5_000);
        JsonNode before = revenueOf(token, "openai/gpt-4o-mini");

        HttpResponse<String> first = chat(customer);
        HttpResponse<String> second = chat(customer);
        JsonNode after = revenueOf(token, "openai/gpt-4o-mini");
        JsonNode hourly =
                AdminHttp.json(http.bearer("GET", "/admin/api/usage/models?interval=hour&span=2", token, null));
        HttpResponse<String> badInterval = http.bearer("GET", "/admin/api/usage/models?interval=week", token, null);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        long cost = Long.parseLong(
                        first.headers().firstValue("X-Routstr-Cost-Msats").orElseThrow())
                + Long.parseLong(
                        second.headers().firstValue("X-Routstr-Cost-Msats").orElseThrow());
        long promptTokens = AdminHttp.json(first).at("/usage/prompt_tokens").asLong()
                + AdminHttp.json(second).at("/usage/prompt_tokens").asLong();
        long completionTokens =
                AdminHttp.json(first).at("/usage/completion_tokens").asLong()
                        + AdminHttp.json(second).at("/usage/completion_tokens").asLong();
        assertThat(after.get("requests").asLong() - before.get("requests").asLong())
                .as("usage per model %s", hourly)
                .isEqualTo(2);
        assertThat(after.get("revenue_msats").asLong()
                        - before.get("revenue_msats").asLong())
                .isEqualTo(cost);
        assertThat(after.get("input_tokens").asLong()
                        - before.get("input_tokens").asLong())
                .isEqualTo(promptTokens)
                .isPositive();
        assertThat(after.get("output_tokens").asLong()
                        - before.get("output_tokens").asLong())
                .isEqualTo(completionTokens)
                .isPositive();
        assertThat(StreamSupport.stream(hourly.spliterator(), false)
                        .filter(row -> row.get("model").asText().equals("openai/gpt-4o-mini"))
                        .mapToLong(row -> row.get("requests").asLong())
                        .sum())
                .isGreaterThanOrEqualTo(2);
        assertThat(badInterval.statusCode()).isEqualTo(400);
    }

    private JsonNode revenueOf(String token, String model) throws Exception {
        JsonNode models = AdminHttp.json(
                        http.bearer("GET", "/admin/api/usage/revenue-by-model?interval=day&span=1", token, null))
                .get("models");
        return StreamSupport.stream(models.spliterator(), false)
                .filter(row -> row.get("model").asText().equals(model))
                .findFirst()
                .orElseGet(() -> AdminHttp.JSON
                        .createObjectNode()
                        .put("requests", 0)
                        .put("revenue_msats", 0)
                        .put("input_tokens", 0)
                        .put("output_tokens", 0));
    }

    private HttpResponse<String> chat(String bearer) throws Exception {
        return http.bearer(
                "POST",
                "/v1/chat/completions",
                bearer,
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    @Test
    void settingsAreShownByTheirEnvironmentNamesWithSecretsRedacted() throws Exception {
        String token = logIn();

        HttpResponse<String> settings = http.bearer("GET", "/admin/api/settings", token, null);
        JsonNode body = AdminHttp.json(settings);

        assertThat(body.get("NAME").asText()).isNotEmpty();
        assertThat(body.get("ADMIN_PASSWORD").asText()).isEqualTo("[REDACTED]");
        assertThat(body.get("ROUTSTR_SECRET_KEY").asText()).isEqualTo("[REDACTED]");
        assertThat(settings.body())
                .doesNotContain(AdminTestSupport.PASSWORD)
                .doesNotContain("the test database's node secret");
    }

    @Test
    void anEditedSettingWinsOverTheEnvironmentAtOnceAndNullRestoresIt() throws Exception {
        String token = logIn();
        try {
            HttpResponse<String> edited = http.bearer(
                    "PATCH",
                    "/admin/api/settings",
                    token,
                    "{\"name\":\"Edited node\",\"DESCRIPTION\":\"Edited description\","
                            + "\"NSEC\":\"ignored\",\"ROUTSTR_SECRET_KEY\":\"ignored\"}");
            JsonNode info = AdminHttp.json(http.bearer("GET", "/v1/info", null, null));
            JsonNode shown = AdminHttp.json(http.bearer("GET", "/admin/api/settings", token, null));
            HttpResponse<String> invalid = http.bearer(
                    "PATCH", "/admin/api/settings", token, "{\"NAME\":\"Other\",\"HTTP_URL\":\"ftp://nope\"}");
            HttpResponse<String> notAtRunTime =
                    http.bearer("PATCH", "/admin/api/settings", token, "{\"CASHU_MINTS\":\"https://other\"}");
            JsonNode unchanged = AdminHttp.json(http.bearer("GET", "/v1/info", null, null));
            HttpResponse<String> restored = http.bearer("PATCH", "/admin/api/settings", token, "{\"NAME\":null}");
            JsonNode back = AdminHttp.json(http.bearer("GET", "/v1/info", null, null));

            assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
            assertThat(AdminHttp.json(edited).get("NAME").asText()).isEqualTo("Edited node");
            assertThat(info.get("name").asText()).isEqualTo("Edited node");
            assertThat(info.get("description").asText()).isEqualTo("Edited description");
            assertThat(shown.get("NAME").asText()).isEqualTo("Edited node");
            assertThat(shown.get("ROUTSTR_SECRET_KEY").asText()).isEqualTo("[REDACTED]");
            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(AdminHttp.json(invalid).at("/error/code").asText()).isEqualTo("invalid_settings");
            assertThat(AdminHttp.json(invalid).at("/error/message").asText()).contains("HTTP_URL");
            assertThat(notAtRunTime.statusCode()).isEqualTo(400);
            assertThat(unchanged.get("name").asText()).isEqualTo("Edited node");
            assertThat(restored.statusCode()).isEqualTo(200);
            assertThat(back.get("name").asText()).isNotEqualTo("Edited node");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM admin_settings WHERE name = 'NAME'", Long.class))
                    .isZero();
        } finally {
            // The database is shared with other test contexts, which take up edits within 30 seconds.
            http.bearer("PATCH", "/admin/api/settings", token, "{\"NAME\":null,\"DESCRIPTION\":null}");
        }
    }

    @Test
    void theOperatorsNostrKeyIsStoredSealedAndTheNpubInV1InfoFollowsIt() throws Exception {
        String token = logIn();
        // NIP-19's example key pair.
        String nsec = "nsec1vl029mgpspedva04g90vltkh6fvh240zqtv9k0t9af8935ke9laqsnlfe5";
        String hex = "67dea2ed018072d675f5415ecfaed7d2597555e202d85b3d65ea4e58d2d92ffa";
        String npub = "npub10elfcs4fr0l0r8af98jlmgdh9c8tcxjvz9qkw038js35mp4dma8qzvjptg";
        List<java.util.Map<String, Object>> before = jdbc.queryForList("SELECT * FROM nostr_key");
        try {
            HttpResponse<String> invalid = http.bearer("PATCH", "/admin/api/nsec", token, "{\"nsec\":\"nsec1nope\"}");
            HttpResponse<String> set = http.bearer("PATCH", "/admin/api/nsec", token, "{\"nsec\":\"" + nsec + "\"}");
            JsonNode info = AdminHttp.json(http.bearer("GET", "/v1/info", null, null));
            byte[] stored = jdbc.queryForObject("SELECT encrypted FROM nostr_key WHERE id = 1", byte[].class);
            HttpResponse<String> cleared = http.bearer("PATCH", "/admin/api/nsec", token, "{\"nsec\":\"\"}");
            JsonNode afterClear = AdminHttp.json(http.bearer("GET", "/v1/info", null, null));

            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(AdminHttp.json(invalid).at("/error/message").asText()).isEqualTo("Invalid nsec");
            assertThat(set.statusCode()).isEqualTo(200);
            assertThat(AdminHttp.json(set).get("ok").asBoolean()).isTrue();
            assertThat(AdminHttp.json(set).get("npub").asText()).isEqualTo(npub);
            assertThat(info.get("npub").asText()).isEqualTo(npub);
            assertThat(HexFormat.of().formatHex(stored)).doesNotContain(hex);
            assertThat(new String(stored, StandardCharsets.ISO_8859_1))
                    .doesNotContain(hex)
                    .doesNotContain(nsec);
            assertThat(cleared.statusCode()).isEqualTo(200);
            assertThat(AdminHttp.json(cleared).get("npub").asText())
                    .startsWith("npub1")
                    .isNotEqualTo(npub);
            assertThat(afterClear.get("npub").asText())
                    .isEqualTo(AdminHttp.json(cleared).get("npub").asText());
        } finally {
            // Other test contexts share the database: give them back the key they had.
            jdbc.update("DELETE FROM nostr_key");
            for (java.util.Map<String, Object> row : before) {
                jdbc.update(
                        "INSERT INTO nostr_key (id, encrypted, created_at, chosen_by_operator) VALUES (?, ?, ?, ?)",
                        row.get("id"),
                        row.get("encrypted"),
                        row.get("created_at"),
                        row.get("chosen_by_operator"));
            }
        }
    }

    @Test
    void theSeedsMnemonicIsShownOnlyAfterThePasswordIsTypedAgain() throws Exception {
        String token = logIn();

        HttpResponse<String> wrong = http.bearer("POST", "/admin/api/seed", token, password("guess"));
        HttpResponse<String> right = http.bearer("POST", "/admin/api/seed", token, password(AdminTestSupport.PASSWORD));

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("mnemonic");
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(AdminHttp.json(right).get("mnemonic").asText().split(" ").length)
                .isIn(12, 24);
    }

    @Test
    void theAdminApiIsInTheOpenApiDocumentUnderItsOwnTagAndTheDashboardPagesAreNot() throws Exception {
        HttpResponse<String> document = http.bearer("GET", "/v3/api-docs", null, null);
        JsonNode paths = AdminHttp.json(document).get("paths");

        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(paths.has("/admin/api/login")).isTrue();
        assertThat(paths.has("/admin/withdraw")).isTrue();
        assertThat(paths.at("/~1admin~1api~1balances/get/tags/0").asText()).isEqualTo("Admin");
        assertThat(paths.has("/admin/keys")).isFalse();
        assertThat(paths.has("/admin/login")).isFalse();
    }

    private static JsonNode find(JsonNode balances, String mint) {
        return StreamSupport.stream(balances.spliterator(), false)
                .filter(b -> b.get("mint_url").asText().equals(mint))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no balance for " + mint + " in " + balances));
    }
}

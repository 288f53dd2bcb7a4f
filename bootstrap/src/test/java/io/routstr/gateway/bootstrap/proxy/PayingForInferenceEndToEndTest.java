package io.routstr.gateway.bootstrap.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.routstr.gateway.bootstrap.SharedFakes;
import io.routstr.gateway.cashu.testmint.ts.CashuTsMint;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet;
import io.routstr.gateway.cashu.token.TokenCodec;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer.Behaviour;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Paying for inference the ways Routstr clients pay, against the cashu-ts mint, the real wallet and a fake upstream:
 * the official OpenAI SDK with a Cashu token as its API key, and raw HTTP with a token per request in {@code X-Cashu}
 * whose change comes back in the {@code X-Cashu} response header and is redeemed by cashu-ts.
 *
 * <p>The fake upstream reports 10 prompt and 5 completion tokens of {@code gpt-4o-mini}: 450 msats at 1000 USD/BTC.
 */
@NodeOnTestMint
class PayingForInferenceEndToEndTest {

    /** Shared with {@link PayingForInferenceOnJettyEndToEndTest}, whose node is another: closed when the JVM ends. */
    static final FakeOpenAiServer upstream =
            SharedFakes.closedAtExit(FakeOpenAiServer.start().btcUsd(ProxyTestSupport.BTC_USD));

    static final CashuTsMint MINT = SharedFakes.mint();
    static final long COST_MSATS = 10 * 15 + 5 * 60;
    static final long TOKEN_SATS = 5_000;

    /**
     * A token whose change (one sat less, the cost rounded up) is 2^30 - 1 sats: thirty proofs from the node's wallet,
     * each with the mint's NUT-12 DLEQ proof, about 8.7 kB in cashuB, more than Tomcat's 8 KiB of response headers;
     * without the DLEQ proofs about 4.5 kB.
     */
    static final long LARGE_TOKEN_SATS = 1L << 30;

    static final long LARGE_CHANGE_SATS = LARGE_TOKEN_SATS - Math.ceilDiv(COST_MSATS, 1_000);

    static final int LARGE_CHANGE_PROOFS = 30;

    private static final TokenCodec CODEC = new TokenCodec();

    @LocalServerPort
    int port;

    @Autowired
    ProxyFixture proxy;

    private final CashuTsWallet client = new CashuTsWallet(MINT);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private int completionsBefore;

    @BeforeEach
    void oneProvider() {
        upstream.behave(Behaviour.OK).down(false);
        completionsBefore = upstream.completions();
        proxy.servedOnlyBy(upstream);
    }

    @AfterEach
    void ledgerHolds() {
        client.close();
        assertThat(proxy.ledgerHolds()).isTrue();
    }

    private HttpResponse<String> chatWithXCashu(String token, boolean stream) throws Exception {
        return chatWithXCashu(token, stream, false);
    }

    private HttpResponse<String> chatWithXCashu(String token, boolean stream, boolean incremental) throws Exception {
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":"
                + stream + "}";
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .header("X-Cashu", token)
                        .header("X-Cashu-Stream", incremental ? "incremental" : "held")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long changeSats(HttpResponse<String> response) {
        String change = response.headers().firstValue("X-Cashu").orElseThrow();
        CashuTsWallet.Received received = client.receive(change);
        return received.amount() + received.fee();
    }

    @Test
    void theOpenAiSdkPaysWithACashuTokenAsItsApiKey() throws Exception {
        String token = client.mintToken(TOKEN_SATS).token();
        OpenAIClient sdk = OpenAIOkHttpClient.builder()
                .apiKey(token)
                .baseUrl("http://localhost:" + port + "/v1")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(10))
                .build();

        ChatCompletion first = sdk.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-4o-mini")
                        .addUserMessage("hi")
                        .build());
        ChatCompletion second = sdk.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-4o-mini")
                        .addUserMessage("again")
                        .build());

        assertThat(first.choices()).isNotEmpty();
        assertThat(second.choices()).isNotEmpty();
        JsonNode info = json.readTree(http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/balance/info"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        assertThat(info.get("api_key").asText()).startsWith("sk-");
        assertThat(info.get("balance").asLong()).isEqualTo(TOKEN_SATS * 1_000 - 2 * COST_MSATS);
    }

    @Test
    void fiftyConcurrentRequestsPayingWithOneTokenCreditItOnce() throws Exception {
        String token = client.mintToken(TOKEN_SATS).token();
        String body = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        java.util.List<Integer> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();

        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                executor.submit(() -> statuses.add(http.send(
                                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                                        .header("Content-Type", "application/json")
                                        .header("Authorization", "Bearer " + token)
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode()));
            }
        }

        assertThat(statuses).hasSize(50).containsOnly(200);
        JsonNode info = json.readTree(http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/balance/info"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        assertThat(info.get("balance").asLong()).isEqualTo(TOKEN_SATS * 1_000 - 50 * COST_MSATS);
    }

    @Test
    void xCashuPaysOneRequestAndTheChangeRedeemsWithCashuTs() throws Exception {
        HttpResponse<String> response =
                chatWithXCashu(client.mintToken(TOKEN_SATS).token(), false);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Routstr-Cost-Msats")).contains(Long.toString(COST_MSATS));
        // A sat mint pays whole sats: change = amount - ceil(cost / 1000), as Routstr computes it.
        assertThat(changeSats(response)).isEqualTo(TOKEN_SATS - Math.ceilDiv(COST_MSATS, 1_000));
    }

    @Test
    void eightConcurrentXCashuRequestsEachGetTheirChange() throws Exception {
        // Small tokens, so that each request's change needs the proofs the wallet holds while others are paying theirs.
        int requests = 8;
        long tokenSats = 10;
        java.util.List<String> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < requests; i++) {
            tokens.add(client.mintToken(tokenSats).token());
        }
        String body = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":4,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        java.util.List<HttpResponse<String>> responses = new java.util.concurrent.CopyOnWriteArrayList<>();

        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (String token : tokens) {
                executor.submit(() -> responses.add(http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                                .header("Content-Type", "application/json")
                                .header("X-Cashu", token)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())));
            }
        }

        assertThat(responses)
                .hasSize(requests)
                .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        assertThat(responses)
                .as("every answer carries its change")
                .allSatisfy(r -> assertThat(r.headers().firstValue("X-Cashu")).isPresent());
        for (HttpResponse<String> response : responses) {
            assertThat(changeSats(response)).isEqualTo(tokenSats - Math.ceilDiv(COST_MSATS, 1_000));
        }
    }

    @Test
    void aStreamPaidWithXCashuIsHeldWholeSoTheChangeCanTravelInAHeader() throws Exception {
        HttpResponse<String> response =
                chatWithXCashu(client.mintToken(TOKEN_SATS).token(), true);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.body()).contains("data:").contains("Hello");
        assertThat(changeSats(response)).isEqualTo(TOKEN_SATS - Math.ceilDiv(COST_MSATS, 1_000));
    }

    @Test
    void aClientThatAsksForItGetsTheStreamAsItComesAndTheChangeInALastEvent() throws Exception {
        HttpResponse<String> response =
                chatWithXCashu(client.mintToken(TOKEN_SATS).token(), true, true);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Cashu")).isEmpty();
        String[] events = response.body().split("\n\n");
        String last = events[events.length - 1];
        assertThat(last).startsWith("event: x-cashu");
        String change = json.readTree(last.substring(last.indexOf("data: ") + 6))
                .get("x_cashu")
                .asText();
        CashuTsWallet.Received received = client.receive(change);
        assertThat(received.amount() + received.fee()).isEqualTo(TOKEN_SATS - Math.ceilDiv(COST_MSATS, 1_000));
    }

    @Test
    void withTheUpstreamDownTheClientGetsAFullRefundToken() throws Exception {
        upstream.behave(Behaviour.ERROR_500);

        HttpResponse<String> response =
                chatWithXCashu(client.mintToken(TOKEN_SATS).token(), false);

        assertThat(response.statusCode()).isEqualTo(424);
        assertThat(response.headers().firstValue("X-Routstr-Error-Scope")).contains("upstream");
        assertThat(json.readTree(response.body()).at("/error/refund_token").asText())
                .startsWith("cashu");
        assertThat(changeSats(response)).isEqualTo(TOKEN_SATS);
    }

    @Test
    void aTokenWorthLessThanTheMaximumCostIsRefusedBeforeItIsRedeemed_soItStaysTheClientsWhole() throws Exception {
        String token = client.mintToken(1).token();

        HttpResponse<String> response = chatWithXCashu(token, false);

        assertThat(response.statusCode()).isEqualTo(402);
        JsonNode error = json.readTree(response.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("minimum_balance_required");
        assertThat(error.get("code").asText()).isEqualTo("minimum_balance_required");
        assertThat(error.at("/details/amount_required_msat").asLong()).isGreaterThan(1_000);
        assertThat(upstream.completions()).isEqualTo(completionsBefore);
        assertThat(client.receive(token).amount()).isEqualTo(1);
    }

    @Test
    void anUnknownModelOrAMalformedBodyIsRefusedBeforeTheTokenIsRedeemed() throws Exception {
        String forUnknownModel = client.mintToken(TOKEN_SATS).token();
        String forMalformedBody = client.mintToken(TOKEN_SATS).token();

        HttpResponse<String> unknownModel = postWithXCashu(
                forUnknownModel, "{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        HttpResponse<String> malformed = postWithXCashu(forMalformedBody, "{\"model\":");

        assertThat(unknownModel.statusCode()).isEqualTo(400);
        assertThat(json.readTree(unknownModel.body()).at("/error/code").asText())
                .isEqualTo("model_not_found");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json.readTree(malformed.body()).at("/error/code").asText()).isEqualTo("invalid_json");
        assertThat(client.receive(forUnknownModel).amount()).isEqualTo(TOKEN_SATS);
        assertThat(client.receive(forMalformedBody).amount()).isEqualTo(TOKEN_SATS);
    }

    private HttpResponse<String> postWithXCashu(String token, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .header("X-Cashu", token)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSpentTokenIsRefusedWithoutEchoingIt() throws Exception {
        // Worth the request's maximum cost, so that it passes the offline check and reaches its mint.
        String token = client.mintToken(TOKEN_SATS).token();
        client.receive(token);

        HttpResponse<String> response = chatWithXCashu(token, false);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).at("/error/code").asText()).isEqualTo("cashu_token_already_spent");
        assertThat(response.headers().firstValue("X-Cashu")).isEmpty();
    }

    @Test
    void changeOfManyProofsTooLongForTheHeadersWithItsDleq_comesInTheHeaderWithoutIt() throws Exception {
        HttpResponse<String> response =
                chatWithXCashu(client.mintToken(LARGE_TOKEN_SATS).token(), false);

        // Before: the whole answer was an empty 500 on a closed connection, after the request was billed.
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json.readTree(response.body())
                        .at("/choices/0/message/content")
                        .asText())
                .isNotBlank();
        EcashToken change = decoded(response.headers().firstValue("X-Cashu").orElseThrow());
        assertThat(change.proofs()).hasSize(LARGE_CHANGE_PROOFS);
        assertThat(change.hasDleq()).isFalse();
        assertThat(changeSats(response)).isEqualTo(LARGE_CHANGE_SATS);
    }

    @Test
    void aHeldStreamWithChangeTooLongForTheHeadersWithItsDleq_carriesItWithoutIt() throws Exception {
        HttpResponse<String> response =
                chatWithXCashu(client.mintToken(LARGE_TOKEN_SATS).token(), true);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("data:").contains("Hello");
        EcashToken change = decoded(response.headers().firstValue("X-Cashu").orElseThrow());
        assertThat(change.proofs()).hasSize(LARGE_CHANGE_PROOFS);
        assertThat(change.hasDleq()).isFalse();
        assertThat(changeSats(response)).isEqualTo(LARGE_CHANGE_SATS);
    }

    @Test
    void changeTooLongForTheHeadersWithItsDleq_isRecoveredWholeInTheBody_andTheSameProofsInTheHeader()
            throws Exception {
        String token = client.mintToken(LARGE_TOKEN_SATS).token();
        HttpResponse<String> answer = chatWithXCashu(token, false);

        HttpResponse<String> recovered = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/balance/refund"))
                        .header("X-Cashu", token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        // Before: recovery put the whole token in its header too, and broke exactly when it was needed.
        assertThat(recovered.statusCode()).as(recovered.body()).isEqualTo(200);
        String whole = json.readTree(recovered.body()).get("token").asText();
        EcashToken wholeChange = decoded(whole);
        assertThat(wholeChange.proofs()).hasSize(LARGE_CHANGE_PROOFS);
        assertThat(wholeChange.hasDleq())
                .as("the stored change keeps the mint's DLEQ proofs")
                .isTrue();
        String inRecoveryHeader = recovered.headers().firstValue("X-Cashu").orElseThrow();
        assertThat(decoded(inRecoveryHeader)).isEqualTo(wholeChange.withoutDleq());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(decoded(answer.headers().firstValue("X-Cashu").orElseThrow()))
                .as("the answer's header holds the same proofs: spending one spends the other")
                .isEqualTo(wholeChange.withoutDleq());

        CashuTsWallet.Received received = client.receive(whole, true);
        assertThat(received.amount() + received.fee()).isEqualTo(LARGE_CHANGE_SATS);
        assertThat(client.checkState(inRecoveryHeader)).containsOnly("SPENT");
    }

    private static EcashToken decoded(String token) {
        return CODEC.decode(token);
    }

    @Test
    void lostChangeIsFetchedAgainWithTheOriginalToken() throws Exception {
        String token = client.mintToken(TOKEN_SATS).token();
        HttpResponse<String> response = chatWithXCashu(token, false);
        String change = response.headers().firstValue("X-Cashu").orElseThrow();

        HttpResponse<String> recovered = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/wallet/refund"))
                        .header("X-Cashu", token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(recovered.statusCode()).isEqualTo(200);
        assertThat(json.readTree(recovered.body()).get("token").asText()).isEqualTo(change);
        assertThat(recovered.headers().firstValue("X-Cashu")).contains(change);
    }
}

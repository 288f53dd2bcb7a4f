package io.routstr.gateway.bootstrap.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.bootstrap.SharedFakes;
import io.routstr.gateway.bootstrap.proxy.ProxyTestSupport.FundedKey;
import io.routstr.gateway.cashu.testmint.ts.CashuTsMint;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer.Upload;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Uploads Routstr forwards as they are (issue 10): a {@code multipart/form-data} audio transcription paid by an
 * {@code sk-} key reaches the provider byte for byte with its boundary, and is billed once, per request (the model
 * has no per-request price, so the fixed cost per request, Routstr's default of 1 sat); a form without a model is
 * refused before anything is reserved. A transcription asked for with {@code stream=true} comes back as the
 * provider's event stream, billed the same; an upload paid by a token in {@code X-Cashu} (cashu-ts mint) gets its
 * change back in the {@code X-Cashu} header.
 */
@NodeOnTestMint
class MultipartUploadsEndToEndTest {

    static final FakeOpenAiServer upstream = FakeOpenAiServer.start().btcUsd(ProxyTestSupport.BTC_USD);
    static final CashuTsMint MINT = SharedFakes.mint();
    static final long FUNDS = 10_000_000;
    static final long FIXED_COST_PER_REQUEST_MSATS = 1_000;
    static final String BOUNDARY = "----routstr-test-7MA4YWxkTrZu0gW";
    /** Audio-like bytes: NULs, high bytes, a CRLF and a dash run that must not be taken for a delimiter. */
    static final byte[] AUDIO = {
        'R', 'I', 'F', 'F', 0, 0, (byte) 0xFF, (byte) 0xFE, '\r', '\n', '-', '-', '-', 'x', (byte) 0x80, 0x7F, 0
    };

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ProxyFixture proxy;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private FundedKey key;

    @BeforeEach
    void oneProviderAndAFundedKey() {
        proxy.servedOnlyBy(upstream);
        key = proxy.fundedKey(FUNDS);
    }

    @Test
    void aMultipartTranscriptionIsForwardedByteForByte_andBilledOncePerRequest() throws Exception {
        byte[] form = form(true, false);
        int uploads = upstream.uploads().size();

        HttpResponse<String> response = post("/v1/audio/transcriptions", form);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("text").asText()).isEqualTo("Hello from the fake upstream.");
        assertThat(upstream.uploads()).hasSize(uploads + 1);
        Upload upload = upstream.uploads().getLast();
        assertThat(upload.path()).isEqualTo("/v1/audio/transcriptions");
        assertThat(upload.contentType()).isEqualTo("multipart/form-data; boundary=" + BOUNDARY);
        assertThat(upload.body()).isEqualTo(form);
        assertThat(response.headers().firstValue("X-Routstr-Cost-Msats"))
                .contains(Long.toString(FIXED_COST_PER_REQUEST_MSATS));
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - FIXED_COST_PER_REQUEST_MSATS);
        assertThat(proxy.activeReservations(key)).isZero();
        assertThat(proxy.ledgerHolds()).isTrue();
    }

    @Test
    void aMultipartFormWithoutAModelIsRefused400_beforeAnythingIsReserved() throws Exception {
        int uploads = upstream.uploads().size();

        HttpResponse<String> response = post("/audio/transcriptions", form(false, false));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = json.readTree(response.body());
        assertThat(error.path("error").path("code").asText()).isEqualTo("invalid_request");
        assertThat(error.path("error").path("message").asText()).contains("'model'");
        assertThat(error.path("request_id").asText()).isNotBlank();
        assertThat(upstream.uploads()).hasSize(uploads);
        assertThat(proxy.balance(key)).isEqualTo(FUNDS);
        assertThat(proxy.jdbc()
                        .queryForObject(
                                "SELECT count(*) FROM reservations WHERE billing_key_id = ?",
                                Long.class,
                                key.key().id().value()))
                .isZero();
        assertThat(proxy.ledgerHolds()).isTrue();
    }

    @Test
    void aStreamedTranscriptionComesBackAsTheProvidersEvents_andIsBilledOncePerRequest() throws Exception {
        HttpResponse<String> response = send(upload("/v1/audio/transcriptions", form(true, true))
                .header("Authorization", "Bearer " + key.bearer())
                .build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.body())
                .contains("\"type\":\"transcript.text.delta\"")
                .contains("\"type\":\"transcript.text.done\"")
                .contains("\"text\":\"Hello from the fake upstream\"");
        assertThat(proxy.balance(key)).isEqualTo(FUNDS - FIXED_COST_PER_REQUEST_MSATS);
        assertThat(proxy.activeReservations(key)).isZero();
        assertThat(proxy.ledgerHolds()).isTrue();
    }

    @Test
    void anUploadPaidWithXCashu_getsItsChangeBack_lessTheFixedCostPerRequest() throws Exception {
        // Enough for the model's maximum cost, which is held: an upload whose answer reports usage is billed by it
        // when that costs more than the fixed price per request.
        long tokenSats = 5_000;
        try (CashuTsWallet wallet = new CashuTsWallet(MINT)) {
            String token = wallet.mintToken(tokenSats).token();
            int uploads = upstream.uploads().size();

            HttpResponse<String> response = send(upload("/v1/audio/transcriptions", form(true, false))
                    .header("X-Cashu", token)
                    .build());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json.readTree(response.body()).path("text").asText()).isEqualTo("Hello from the fake upstream.");
            assertThat(upstream.uploads()).hasSize(uploads + 1);
            CashuTsWallet.Received change =
                    wallet.receive(response.headers().firstValue("X-Cashu").orElseThrow());
            assertThat((change.amount() + change.fee()) * 1_000)
                    .isEqualTo(tokenSats * 1_000 - FIXED_COST_PER_REQUEST_MSATS);
        }
        assertThat(proxy.ledgerHolds()).isTrue();
    }

    /**
     * An OpenAI transcription form: the audio file, then (when asked) the model, then the response format, then (when
     * asked) {@code stream=true}.
     */
    private static byte[] form(boolean withModel, boolean stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\n"
                        + "Content-Disposition: form-data; name=\"file\"; filename=\"model.wav\"\r\n"
                        + "Content-Type: audio/wav\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(AUDIO);
        if (withModel) {
            out.writeBytes(("\r\n--" + BOUNDARY + "\r\n"
                            + "Content-Disposition: form-data; name=\"model\"\r\n\r\n"
                            + "gpt-4o-mini")
                    .getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("\r\n--" + BOUNDARY + "\r\n"
                        + "Content-Disposition: form-data; name=\"response_format\"\r\n\r\n"
                        + "json\r\n")
                .getBytes(StandardCharsets.UTF_8));
        if (stream) {
            out.writeBytes(
                    ("--" + BOUNDARY + "\r\n" + "Content-Disposition: form-data; name=\"stream\"\r\n\r\n" + "true\r\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private HttpResponse<String> post(String path, byte[] body) throws Exception {
        return send(upload(path, body)
                .header("Authorization", "Bearer " + key.bearer())
                .build());
    }

    private HttpRequest.Builder upload(String path, byte[] body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

package io.routstr.gateway.cashu.mint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpServer;
import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.application.port.out.MintPort.RefusalKind;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.mint.MintUrl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class MintClientTest {

    private static MintClient client(int port, int attempts, Duration timeout) {
        return new MintClient(
                MintUrl.of("http://127.0.0.1:" + port),
                HttpClient.newHttpClient(),
                JsonMapper.builder().build(),
                new MintClientSettings(
                        timeout, timeout, 4, attempts, Duration.ZERO, Duration.ofMinutes(5), Duration.ofSeconds(30)));
    }

    @Test
    void aMintNobodyListensOn_isUnreachable() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }

        assertThat(client(port, 2, Duration.ofSeconds(5)).keysets()).isInstanceOf(Call.Unreachable.class);
        assertThat(client(port, 1, Duration.ofSeconds(5)).swap(List.of(), List.of()))
                .isInstanceOf(Call.Unreachable.class);
    }

    @Test
    void aSwapSentButNeverAnswered_hasAnUnknownOutcomeAndIsNotRepeated() throws IOException {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });

            Call<?> swap =
                    client(silent.getLocalPort(), 3, Duration.ofMillis(300)).swap(List.of(), List.of());

            assertThat(swap).isInstanceOf(Call.OutcomeUnknown.class);
            assertThat(held).hasSize(1);
            acceptor.interrupt();
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void errorCodes_mapToAStableTaxonomy() {
        assertThat(NutErrorCodes.kindOf(11001)).isEqualTo(RefusalKind.ALREADY_SPENT);
        assertThat(NutErrorCodes.kindOf(11002)).isEqualTo(RefusalKind.PROOFS_PENDING);
        assertThat(NutErrorCodes.kindOf(11003)).isEqualTo(RefusalKind.OUTPUTS_ALREADY_SIGNED);
        assertThat(NutErrorCodes.kindOf(10002)).isEqualTo(RefusalKind.OUTPUTS_ALREADY_SIGNED);
        assertThat(NutErrorCodes.kindOf(11005)).isEqualTo(RefusalKind.UNBALANCED);
        assertThat(NutErrorCodes.kindOf(12001)).isEqualTo(RefusalKind.UNKNOWN_KEYSET);
        assertThat(NutErrorCodes.kindOf(20004)).isEqualTo(RefusalKind.LIGHTNING_PAYMENT_FAILED);
        assertThat(NutErrorCodes.kindOf(20005)).isEqualTo(RefusalKind.QUOTE_PENDING);
        assertThat(NutErrorCodes.kindOf(99999)).isEqualTo(RefusalKind.OTHER);
    }

    @Test
    void aQuoteIdAMintAnswersThatIsNoQuoteId_isAnAnswerThatCouldNotBeRead_notAQuote() throws IOException {
        HttpServer mint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] answer = "{\"quote\":\"q\\u0000\\n\",\"amount\":10,\"fee_reserve\":1,\"state\":\"UNPAID\"}"
                .getBytes(StandardCharsets.UTF_8);
        mint.createContext("/v1/melt/quote/bolt11/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (var body = exchange.getResponseBody()) {
                body.write(answer);
            }
        });
        mint.start();
        try {
            assertThat(client(mint.getAddress().getPort(), 1, Duration.ofSeconds(5))
                            .meltQuote(QuoteId.of("asked")))
                    .isInstanceOf(Call.OutcomeUnknown.class);
        } finally {
            mint.stop(0);
        }
    }

    @Test
    void aQuoteIdIsOnePathSegment_itsSlashesQueryAndFragmentMarksEncoded_soItNamesNoOtherRouteOfTheMint()
            throws IOException {
        HttpServer mint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> asked = new CopyOnWriteArrayList<>();
        byte[] answer = "{\"quote\":\"q\",\"amount\":10,\"fee_reserve\":1,\"state\":\"UNPAID\","
                .concat("\"request\":\"lnbc1\",\"paid\":false}")
                .getBytes(StandardCharsets.UTF_8);
        mint.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null
                            ? ""
                            : "?" + exchange.getRequestURI().getRawQuery()));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (var body = exchange.getResponseBody()) {
                body.write(answer);
            }
        });
        mint.start();
        try {
            MintClient client = client(mint.getAddress().getPort(), 1, Duration.ofSeconds(5));
            client.mintQuote(QuoteId.of("../../swap?x=1#y"));
            client.meltQuote(QuoteId.of("a b/c%"));

            assertThat(asked)
                    .containsExactly(
                            "/v1/mint/quote/bolt11/..%2F..%2Fswap%3Fx%3D1%23y", "/v1/melt/quote/bolt11/a%20b%2Fc%25");
        } finally {
            mint.stop(0);
        }
    }

    @Test
    void everyCallToTheMint_isObservedWithWhatWasAskedAndHowItEnded() throws IOException {
        HttpServer mint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        answer(mint, "/v1/swap", 200, "{\"signatures\":[]}");
        answer(mint, "/v1/keysets", 400, "{\"code\":12001,\"detail\":\"unknown keyset\"}");
        answer(mint, "/v1/checkstate", 503, "overloaded");
        mint.start();
        List<String> observed = new CopyOnWriteArrayList<>();
        MintCallObserver observer = (url, operation, outcome, nanos) ->
                observed.add(operation.tag() + " " + outcome.tag() + (nanos > 0 ? "" : " without a duration"));
        try {
            MintClient client = new MintClient(
                    MintUrl.of("http://127.0.0.1:" + mint.getAddress().getPort()),
                    HttpClient.newHttpClient(),
                    JsonMapper.builder().build(),
                    new MintClientSettings(
                            Duration.ofSeconds(5),
                            Duration.ofSeconds(5),
                            4,
                            2,
                            Duration.ZERO,
                            Duration.ofMinutes(5),
                            Duration.ofSeconds(30)),
                    observer);

            client.swap(List.of(), List.of());
            client.refreshKeysets();
            client.checkState(List.of("02aa"));

            // checkstate is safe to repeat: each of its two attempts is a call of its own.
            assertThat(observed)
                    .containsExactly(
                            "swap answered",
                            "keysets refused",
                            "checkstate outcome_unknown",
                            "checkstate outcome_unknown");
        } finally {
            mint.stop(0);
        }
    }

    private static void answer(HttpServer mint, String path, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        mint.createContext(path, exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }
}

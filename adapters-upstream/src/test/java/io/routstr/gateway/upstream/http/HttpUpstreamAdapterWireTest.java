package io.routstr.gateway.upstream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.out.LlmRequestReaderPort.RequestRead;
import io.routstr.gateway.application.port.out.UpstreamPort.EventStream;
import io.routstr.gateway.application.port.out.UpstreamPort.FailureKind;
import io.routstr.gateway.application.port.out.UpstreamPort.StreamRead;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamOutcome;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamRequest;
import io.routstr.gateway.domain.pricing.ModelPrice;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.ModelDescription;
import io.routstr.gateway.domain.provider.ModelRoute;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.ProviderSecret;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.proxy.ModelId;
import io.routstr.gateway.upstream.dialect.JsonRequestReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the adapter does on the wire, against an upstream that writes raw HTTP: streams cut or stalled, answers that
 * never start, a stream the node stops reading, connections kept alive, and the headers the provider gets.
 */
class HttpUpstreamAdapterWireTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(800);
    private static final Duration AS_LONG_AS_IT_TAKES = Duration.ofDays(1);
    private static final String ANSWER = """
            {"id":"c1","object":"chat.completion","model":"gpt-4o-mini","choices":[{"index":0,"message":\
            {"role":"assistant","content":"hi"},"finish_reason":"stop"}],\
            "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";

    private final RawHttpServer upstream = RawHttpServer.start();
    private final HttpUpstreamAdapter adapter = new HttpUpstreamAdapter(
            new UpstreamSettings(
                    Duration.ofMillis(500),
                    Duration.ofSeconds(3),
                    IDLE_TIMEOUT,
                    50,
                    20,
                    20,
                    Duration.ofSeconds(30),
                    10),
            MAPPER,
            Clock.systemUTC());

    @AfterEach
    void stop() {
        adapter.close();
        upstream.close();
    }

    private static String delta(String text) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":"
                + "[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}\n\n";
    }

    private static UpstreamRequest chat(String baseUrl, boolean stream) {
        UpstreamProvider provider = new UpstreamProvider(
                new ProviderId("raw"),
                ProviderType.GENERIC,
                baseUrl,
                Optional.of(ProviderSecret.of("sk-provider-secret")),
                ProviderFee.NONE,
                true,
                Optional.empty());
        ModelRoute route = new ModelRoute(
                ModelId.of("openai/gpt-4o-mini"),
                "gpt-4o-mini",
                provider,
                ModelPrice.of(new BigDecimal("0.000001"), new BigDecimal("0.000002")),
                ModelDescription.minimal("openai/gpt-4o-mini"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "gpt-4o-mini");
        body.put("messages", List.of(Map.of("role", "user", "content", "hi")));
        body.put("stream", stream);
        try {
            RequestRead.Parsed parsed = (RequestRead.Parsed)
                    new JsonRequestReader(MAPPER).read(ApiEndpoint.CHAT_COMPLETIONS, MAPPER.writeValueAsBytes(body));
            return new UpstreamRequest(
                    route,
                    "chat/completions",
                    parsed.request(),
                    Map.of("Accept-Encoding", List.of("gzip, br"), "X-Request-ID", List.of("r1")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private UpstreamRequest chat(boolean stream) {
        return chat(upstream.baseUrl(), stream);
    }

    private static EventStream streaming(UpstreamOutcome outcome) {
        assertThat(outcome).isInstanceOf(UpstreamOutcome.Streaming.class);
        return ((UpstreamOutcome.Streaming) outcome).events();
    }

    private static FailureKind failureKind(UpstreamOutcome outcome) {
        assertThat(outcome).isInstanceOf(UpstreamOutcome.Failed.class);
        return ((UpstreamOutcome.Failed) outcome).failure().kind();
    }

    @Test
    void aStreamCutMidWayYieldsTheEventsThatCame_thenBroken() {
        upstream.answer(exchange -> {
            exchange.chunkedHead(200, "text/event-stream");
            exchange.chunk(delta("Hello"));
            exchange.chunk(delta(" world"));
            exchange.dropConnection();
        });

        try (EventStream stream = streaming(adapter.send(chat(true)))) {
            assertThat(stream.next(AS_LONG_AS_IT_TAKES)).isInstanceOf(StreamRead.Event.class);
            assertThat(stream.next(AS_LONG_AS_IT_TAKES)).isInstanceOf(StreamRead.Event.class);
            assertThat(stream.next(AS_LONG_AS_IT_TAKES)).isInstanceOf(StreamRead.Broken.class);
        }
    }

    @Test
    void aStreamSilentForTheIdleTimeoutIsBrokenAndItsConnectionClosed_aShorterWaitFindsItStalledButOpen()
            throws Exception {
        upstream.answer(exchange -> {
            exchange.chunkedHead(200, "text/event-stream");
            exchange.chunk(delta("Hello"));
            if (exchange.clientClosedWithin(Duration.ofSeconds(20))) {
                upstream.clientClosed();
            }
        });

        try (EventStream stream = streaming(adapter.send(chat(true)))) {
            assertThat(stream.next(AS_LONG_AS_IT_TAKES)).isInstanceOf(StreamRead.Event.class);
            assertThat(stream.next(Duration.ofMillis(50))).isInstanceOf(StreamRead.Stalled.class);
            long waited = System.nanoTime();
            assertThat(stream.next(AS_LONG_AS_IT_TAKES)).isEqualTo(new StreamRead.Broken("idle timeout"));
            assertThat(Duration.ofNanos(System.nanoTime() - waited)).isGreaterThanOrEqualTo(IDLE_TIMEOUT);
        }
        assertThat(upstream.awaitClientClosed(Duration.ofSeconds(10)))
                .as("the upstream saw the node close the stalled stream's connection")
                .isTrue();
    }

    @Test
    void noAnswerWithinTheFirstByteTimeoutIsATimeoutThatMayHaveBeenProcessed_andItsConnectionIsClosed()
            throws Exception {
        upstream.answer(exchange -> {
            if (exchange.clientClosedWithin(Duration.ofSeconds(20))) {
                upstream.clientClosed();
            }
        });

        UpstreamOutcome outcome = adapter.send(chat(false));

        assertThat(failureKind(outcome)).isEqualTo(FailureKind.TIMEOUT);
        assertThat(((UpstreamOutcome.Failed) outcome).failure().certainlyNotProcessed())
                .isFalse();
        assertThat(upstream.awaitClientClosed(Duration.ofSeconds(10)))
                .as("the upstream saw the node give up the exchange")
                .isTrue();
    }

    @Test
    void closingAStreamMidWayAbortsTheUpstreamExchange() throws Exception {
        upstream.answer(exchange -> {
            exchange.chunkedHead(200, "text/event-stream");
            try {
                for (int i = 0; i < 1_000; i++) {
                    exchange.chunk(delta("w" + i));
                    if (exchange.clientClosedWithin(Duration.ofMillis(20))) {
                        upstream.clientClosed();
                        return;
                    }
                }
                exchange.endChunks();
            } catch (IOException reset) {
                upstream.clientClosed();
            }
        });

        EventStream stream = streaming(adapter.send(chat(true)));
        assertThat(stream.next(AS_LONG_AS_IT_TAKES)).isInstanceOf(StreamRead.Event.class);
        assertThat(stream.next(AS_LONG_AS_IT_TAKES)).isInstanceOf(StreamRead.Event.class);
        stream.close();

        assertThat(upstream.awaitClientClosed(Duration.ofSeconds(10)))
                .as("the upstream saw the node leave the stream")
                .isTrue();
    }

    @Test
    void answersAndStreamsReadToTheEndLeaveTheirConnectionOpenForTheNextCall() {
        upstream.answer(exchange -> {
            if (new String(exchange.request().body(), StandardCharsets.UTF_8).contains("\"stream\":true")) {
                exchange.chunkedHead(200, "text/event-stream");
                exchange.chunk(delta("Hello"));
                exchange.chunk("data: [DONE]\n\n");
                exchange.endChunks();
            } else {
                exchange.whole(200, "application/json", ANSWER);
            }
        });

        assertThat(adapter.send(chat(false))).isInstanceOf(UpstreamOutcome.Answered.class);
        try (EventStream stream = streaming(adapter.send(chat(true)))) {
            StreamRead read = stream.next(AS_LONG_AS_IT_TAKES);
            while (read instanceof StreamRead.Event) {
                read = stream.next(AS_LONG_AS_IT_TAKES);
            }
            assertThat(read).isInstanceOf(StreamRead.End.class);
        }
        assertThat(adapter.send(chat(false))).isInstanceOf(UpstreamOutcome.Answered.class);

        assertThat(upstream.received()).hasSize(3);
        assertThat(upstream.connections()).isEqualTo(1);
    }

    @Test
    void theProviderGetsNeitherACookieItSetNorAnEncodingTheNodeCannotPassOn() {
        upstream.answer(exchange -> exchange.whole(200, "application/json", ANSWER, "Set-Cookie: session=abc; Path=/"));

        adapter.send(chat(false));
        adapter.send(chat(false));

        List<RawHttpServer.Received> received = upstream.received();
        assertThat(received).hasSize(2);
        assertThat(received.get(1).header("Cookie")).isNull();
        assertThat(received)
                .allSatisfy(
                        request -> assertThat(request.header("Accept-Encoding")).isNull());
        assertThat(received).allSatisfy(request -> {
            assertThat(request.header("Authorization")).isEqualTo("Bearer sk-provider-secret");
            assertThat(request.header("X-Request-ID")).isEqualTo("r1");
            assertThat(request.header("Content-Length")).isEqualTo(Integer.toString(request.body().length));
        });
    }

    @Test
    void aRedirectIsTheProvidersAnswer_notFollowed() {
        upstream.answer(exchange ->
                exchange.whole(307, "application/json", "{\"error\":{\"message\":\"moved\"}}", "Location: /elsewhere"));

        UpstreamOutcome outcome = adapter.send(chat(false));

        assertThat(failureKind(outcome)).isEqualTo(FailureKind.HTTP_ERROR);
        assertThat(((UpstreamOutcome.Failed) outcome).failure().status()).isEqualTo(307);
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void aConnectionNotMadeWithinTheConnectTimeoutCertainlyWasNotProcessed() throws Exception {
        // A listening socket that never accepts, its queue filled: further connection attempts get no answer.
        try (ServerSocket unanswered = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = new ArrayList<>();
            boolean full = false;
            try {
                for (int i = 0; i < 16 && !full; i++) {
                    Socket socket = new Socket();
                    queued.add(socket);
                    try {
                        socket.connect(
                                new InetSocketAddress(InetAddress.getLoopbackAddress(), unanswered.getLocalPort()),
                                200);
                    } catch (IOException timedOut) {
                        full = true;
                    }
                }
                assumeTrue(full, "this machine accepts every connection into the queue");

                UpstreamOutcome outcome;
                // A first-byte timeout well beyond the connect timeout: the connect timeout is what fires.
                try (HttpUpstreamAdapter patient = new HttpUpstreamAdapter(
                        new UpstreamSettings(
                                Duration.ofMillis(300),
                                Duration.ofSeconds(30),
                                IDLE_TIMEOUT,
                                50,
                                20,
                                20,
                                Duration.ofSeconds(30),
                                10),
                        MAPPER,
                        Clock.systemUTC())) {
                    outcome = patient.send(chat("http://127.0.0.1:" + unanswered.getLocalPort() + "/v1", false));
                }

                assertThat(failureKind(outcome)).isEqualTo(FailureKind.CONNECT_FAILED);
                assertThat(((UpstreamOutcome.Failed) outcome).failure().certainlyNotProcessed())
                        .isTrue();
            } finally {
                for (Socket socket : queued) {
                    socket.close();
                }
            }
        }
    }
}

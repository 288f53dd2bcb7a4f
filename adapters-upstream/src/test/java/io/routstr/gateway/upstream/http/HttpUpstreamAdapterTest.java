package io.routstr.gateway.upstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.routstr.gateway.application.port.out.LlmRequestReaderPort.RequestRead;
import io.routstr.gateway.application.port.out.UpstreamPort.EventStream;
import io.routstr.gateway.application.port.out.UpstreamPort.FailureKind;
import io.routstr.gateway.application.port.out.UpstreamPort.StreamRead;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamEvent;
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
import io.routstr.gateway.domain.proxy.LlmRequest;
import io.routstr.gateway.domain.proxy.ModelId;
import io.routstr.gateway.domain.usage.TokenUsage;
import io.routstr.gateway.upstream.dialect.Bills;
import io.routstr.gateway.upstream.dialect.JsonRequestReader;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer.Behaviour;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP adapter against the fake upstream over real HTTP. */
class HttpUpstreamAdapterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final FakeOpenAiServer fake = FakeOpenAiServer.start();
    private final MovableClock clock = new MovableClock();
    private static final UpstreamSettings SETTINGS = new UpstreamSettings(
            Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(2), 50, 4, 4, Duration.ofSeconds(30), 10);
    private final HttpUpstreamAdapter adapter = new HttpUpstreamAdapter(SETTINGS, MAPPER, clock);

    @AfterEach
    void stop() {
        adapter.close();
        fake.close();
    }

    private ModelRoute route(String baseUrl, ProviderType type) {
        UpstreamProvider provider = new UpstreamProvider(
                new ProviderId("p-" + baseUrl.hashCode()),
                type,
                baseUrl,
                Optional.of(ProviderSecret.of("sk-provider-secret")),
                ProviderFee.NONE,
                true,
                Optional.empty());
        return new ModelRoute(
                ModelId.of("openai/gpt-4o-mini"),
                "gpt-4o-mini",
                provider,
                ModelPrice.of(new BigDecimal("0.000001"), new BigDecimal("0.000002")),
                ModelDescription.minimal("openai/gpt-4o-mini"));
    }

    /** {@code body} read as the node reads a client's body. */
    private static LlmRequest read(ApiEndpoint endpoint, Map<String, Object> body) {
        try {
            return ((RequestRead.Parsed) new JsonRequestReader(MAPPER).read(endpoint, MAPPER.writeValueAsBytes(body)))
                    .request();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the client gets of {@code answered}, billed, as JSON. */
    private static Map<String, Object> rendered(UpstreamOutcome.Answered answered) {
        try {
            return MAPPER.readValue(
                    answered.answer().renderWithBill(Bills.aBill(1, 2, TokenUsage.of(10, 5))),
                    new TypeReference<Map<String, Object>>() {});
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private UpstreamRequest chat(ModelRoute route, boolean stream) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "GPT-4o-Mini");
        body.put("messages", List.of(Map.of("role", "user", "content", "hi")));
        body.put("stream", stream);
        return new UpstreamRequest(
                route,
                "chat/completions",
                read(ApiEndpoint.CHAT_COMPLETIONS, body),
                Map.of(
                        "Authorization",
                        List.of("Bearer sk-client"),
                        "X-Cashu",
                        List.of("cashuBxyz"),
                        "X-Request-ID",
                        List.of("r1"),
                        "Connection",
                        List.of("keep-alive")));
    }

    @Test
    void aWholeAnswerHasTheModelRewrittenBothWaysAndTheProvidersCredentialsOnly() {
        UpstreamOutcome outcome = adapter.send(chat(route(fake.baseUrl(), ProviderType.OPENAI), false));

        assertThat(outcome).isInstanceOfSatisfying(UpstreamOutcome.Answered.class, a -> {
            assertThat(a.answer().usage()).isPresent();
            assertThat(rendered(a)).containsEntry("model", "GPT-4o-Mini").containsKey("usage");
        });
        FakeOpenAiServer.Recorded sent = fake.lastRequest();
        assertThat(sent.body()).containsEntry("model", "gpt-4o-mini");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer sk-provider-secret");
        assertThat(sent.header("X-Cashu")).isNull();
        assertThat(sent.header("X-Request-ID")).isEqualTo("r1");
    }

    @Test
    void aStreamAsksForUsageAndYieldsTypedEventsUntilTheEnd_withTheUsageChunkAndDoneInTheBilledTrailer() {
        UpstreamOutcome outcome = adapter.send(chat(route(fake.baseUrl(), ProviderType.GENERIC), true));

        assertThat(outcome).isInstanceOf(UpstreamOutcome.Streaming.class);
        List<UpstreamEvent> events = new ArrayList<>();
        String trailer;
        try (EventStream stream = ((UpstreamOutcome.Streaming) outcome).events()) {
            for (StreamRead read = stream.next(Duration.ofDays(1));
                    read instanceof StreamRead.Event(UpstreamEvent e);
                    read = stream.next(Duration.ofDays(1))) {
                events.add(e);
            }
            trailer =
                    new String(stream.trailer(Bills.aBill(1, 2, TokenUsage.of(10, 5)), false), StandardCharsets.UTF_8);
        }
        assertThat(fake.lastRequest().body().get("stream_options")).isEqualTo(Map.of("include_usage", true));
        assertThat(events.getFirst())
                .isInstanceOfSatisfying(
                        UpstreamEvent.Delta.class,
                        delta -> assertThat(new String(delta.wire(), StandardCharsets.UTF_8))
                                .contains("\"model\":\"GPT-4o-Mini\""));
        assertThat(events)
                .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(UpstreamEvent.Usage.class, u -> {
                    assertThat(u.usage()).isPresent();
                    assertThat(u.complete()).isTrue();
                }));
        assertThat(trailer).contains("\"cost\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void upstreamErrorsAreClassifiedAndNormalised() {
        ModelRoute route = route(fake.baseUrl(), ProviderType.GENERIC);

        fake.behave(Behaviour.ERROR_429);
        UpstreamOutcome.Failed limited = (UpstreamOutcome.Failed) adapter.send(chat(route, false));
        assertThat(limited.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(limited.failure().retryAfter()).contains(Duration.ofSeconds(1));
        assertThat(limited.failure().certainlyNotProcessed()).isTrue();
        assertThat(limited.failure().error().code()).isEqualTo("UPSTREAM_RATE_LIMIT");
        assertThat(limited.failure().error().retryAfterSeconds()).contains(1L);

        fake.behave(Behaviour.ERROR_500);
        UpstreamOutcome.Failed failed = (UpstreamOutcome.Failed) adapter.send(chat(route, false));
        assertThat(failed.failure().kind()).isEqualTo(FailureKind.HTTP_ERROR);
        assertThat(failed.failure().status()).isEqualTo(500);
        assertThat(failed.failure().certainlyNotProcessed()).isFalse();

        fake.behave(Behaviour.ERROR_503);
        assertThat(((UpstreamOutcome.Failed) adapter.send(chat(route, false)))
                        .failure()
                        .certainlyNotProcessed())
                .isTrue();
    }

    @Test
    void aRefusedConnectionCertainlyWasNotProcessed_aHangTimesOutAndMayHaveBeen() {
        UpstreamOutcome.Failed refused = (UpstreamOutcome.Failed)
                adapter.send(chat(route("http://127.0.0.1:1/v1", ProviderType.GENERIC), false));
        assertThat(refused.failure().kind()).isEqualTo(FailureKind.CONNECT_FAILED);
        assertThat(refused.failure().certainlyNotProcessed()).isTrue();

        fake.behave(Behaviour.HANG);
        UpstreamOutcome.Failed hung =
                (UpstreamOutcome.Failed) adapter.send(chat(route(fake.baseUrl(), ProviderType.GENERIC), false));
        assertThat(hung.failure().kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(hung.failure().certainlyNotProcessed()).isFalse();
    }

    @Test
    void theCircuitOpensAfterTheConfiguredFailures_refusesWithoutCalling_andClosesAfterRecovery() {
        ModelRoute route = route(fake.baseUrl(), ProviderType.GENERIC);
        ProviderId provider = route.provider().id();
        fake.behave(Behaviour.ERROR_500);
        for (int i = 0; i < 4; i++) {
            adapter.send(chat(route, false));
        }
        assertThat(adapter.circuitState(provider)).isEqualTo(CircuitBreaker.State.OPEN);
        int calls = fake.completions();

        UpstreamOutcome.Failed open = (UpstreamOutcome.Failed) adapter.send(chat(route, false));
        assertThat(open.failure().kind()).isEqualTo(FailureKind.CIRCUIT_OPEN);
        assertThat(open.failure().certainlyNotProcessed()).isTrue();
        assertThat(fake.completions()).isEqualTo(calls);

        fake.behave(Behaviour.OK);
        clock.advance(Duration.ofSeconds(31));
        assertThat(adapter.send(chat(route, false))).isInstanceOf(UpstreamOutcome.Answered.class);
        assertThat(adapter.circuitState(provider)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void eachProvidersBreakerAndBulkheadAreInTheRegistriesTheNodeExports() {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
        ModelRoute route = route(fake.baseUrl(), ProviderType.GENERIC);

        try (HttpUpstreamAdapter exported = new HttpUpstreamAdapter(SETTINGS, MAPPER, clock, breakers, bulkheads)) {
            assertThat(exported.send(chat(route, false))).isInstanceOf(UpstreamOutcome.Answered.class);
        }

        String name = "upstream-" + route.provider().id();
        assertThat(breakers.find(name))
                .hasValueSatisfying(breaker -> assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls())
                        .isEqualTo(1));
        assertThat(bulkheads.find(name)).hasValueSatisfying(bulkhead -> {
            assertThat(bulkhead.getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(10);
            assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isEqualTo(10);
        });
    }

    @Test
    void anthropicMessagesAreTranslatedForAProviderThatOnlySpeaksChatCompletions() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "gpt-4o-mini");
        body.put("max_tokens", 100);
        body.put("system", "be brief");
        body.put("messages", List.of(Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "hi")))));
        UpstreamOutcome outcome = adapter.send(new UpstreamRequest(
                route(fake.baseUrl(), ProviderType.GENERIC), "messages", read(ApiEndpoint.MESSAGES, body), Map.of()));

        assertThat(fake.lastRequest().path()).isEqualTo("/v1/chat/completions");
        assertThat(outcome).isInstanceOfSatisfying(UpstreamOutcome.Answered.class, a -> {
            assertThat(a.answer().usage()).contains(TokenUsage.of(10, 5));
            assertThat(rendered(a))
                    .containsEntry("type", "message")
                    .containsEntry("stop_reason", "end_turn")
                    .extractingByKey("usage")
                    .asString()
                    .contains("input_tokens=10", "output_tokens=5");
        });
    }

    /** A clock tests move by hand, for the circuit breaker's open-state wait. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

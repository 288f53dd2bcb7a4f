package io.routstr.gateway.bootstrap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.routstr.gateway.application.fake.FakeLlmRequests;
import io.routstr.gateway.application.fake.ScriptedUpstream;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestCommand;
import io.routstr.gateway.application.port.in.proxy.ForwardOutcome;
import io.routstr.gateway.application.port.in.proxy.RequestPayer;
import io.routstr.gateway.application.port.out.UpstreamPort;
import io.routstr.gateway.application.port.out.UpstreamPort.EventStream;
import io.routstr.gateway.application.port.out.UpstreamPort.FailureKind;
import io.routstr.gateway.application.port.out.UpstreamPort.StreamRead;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamFailure;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamOutcome;
import io.routstr.gateway.application.port.out.UpstreamPort.UpstreamRequest;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.CostBasis;
import io.routstr.gateway.domain.pricing.ModelPrice;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.pricing.RequestCost;
import io.routstr.gateway.domain.provider.ModelDescription;
import io.routstr.gateway.domain.provider.ModelRoute;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import io.routstr.gateway.domain.proxy.ModelId;
import io.routstr.gateway.domain.proxy.UpstreamError;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The forwarding and upstream decorators together, as forwarding uses them: a request, what it cost, which model and
 * provider served it, how long the node itself took beside the upstream's time, failovers, time to first token and
 * what a request cost beyond its hold.
 */
class MeteredForwardLlmRequestTest {

    private static final Duration UPSTREAM_TIME = Duration.ofMillis(120);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static ModelRoute route(String provider) {
        return new ModelRoute(
                ModelId.of("openai/gpt-4o-mini"),
                "gpt-4o-mini",
                new UpstreamProvider(
                        new ProviderId(provider),
                        ProviderType.GENERIC,
                        "http://" + provider + ".test/v1",
                        Optional.empty(),
                        ProviderFee.NONE,
                        true,
                        Optional.empty()),
                ModelPrice.builder()
                        .prompt(BigDecimal.ONE)
                        .completion(BigDecimal.ONE)
                        .build(),
                ModelDescription.minimal("openai/gpt-4o-mini"));
    }

    private static UpstreamRequest request(String provider, boolean stream) {
        return new UpstreamRequest(
                route(provider), "chat/completions", FakeLlmRequests.chat("gpt-4o-mini", stream), Map.of());
    }

    private static ForwardLlmRequestCommand command() {
        return new ForwardLlmRequestCommand(
                FakeLlmRequests.chat("gpt-4o-mini", false), "chat/completions", Map.of(), NO_PAYER);
    }

    private static final RequestPayer NO_PAYER = new RequestPayer() {
        @Override
        public HoldOutcome hold(Msats maxCost) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PaymentReceipt charge(PaymentHold hold, Msats cost, ChargeDetails details) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void release(PaymentHold hold) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void supersede(PaymentHold hold) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean makeDurable(PaymentHold hold) {
            throw new UnsupportedOperationException();
        }
    };

    private static RequestBill bill(long charged, TokenUsage usage) {
        return bill(charged, usage, 0);
    }

    private static RequestBill bill(long charged, TokenUsage usage, long shortfall) {
        RequestCost cost = new RequestCost(
                Msats.of(charged),
                Msats.of(charged),
                Msats.ZERO,
                Msats.ZERO,
                Msats.ZERO,
                BigDecimal.ZERO,
                CostBasis.TOKENS);
        return new RequestBill(cost, Msats.of(charged), Optional.empty(), "generic", usage, Msats.of(shortfall));
    }

    /** An upstream where "down" refuses connections and any other provider answers after {@link #UPSTREAM_TIME}. */
    private static final UpstreamPort SLOW_UPSTREAM = request -> {
        if (request.route().provider().id().value().equals("down")) {
            return new UpstreamOutcome.Failed(new UpstreamFailure(
                    FailureKind.CONNECT_FAILED,
                    0,
                    UpstreamError.of("refused", "upstream_error", "upstream_request_failed"),
                    Optional.empty(),
                    "refused"));
        }
        sleep(UPSTREAM_TIME);
        if (!request.request().stream()) {
            return ScriptedUpstream.answer(Optional.empty(), 0);
        }
        return new UpstreamOutcome.Streaming(200, Map.of(), new EventStream() {
            private int read;

            @Override
            public StreamRead next(Duration maxWait) {
                sleep(UPSTREAM_TIME);
                return read++ < 2 ? new StreamRead.Event(ScriptedUpstream.delta("n" + read)) : new StreamRead.End();
            }

            @Override
            public byte[] trailer(RequestBill bill, boolean cut) {
                return new byte[0];
            }

            @Override
            public void close() {}
        });
    };

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aServedRequestIsCountedWithItsModelProviderSpendAndTokens_andAFailoverIsCounted() {
        UpstreamPort upstream = new MeteredUpstreamPort(SLOW_UPSTREAM, registry);
        MeteredForwardLlmRequest metered = new MeteredForwardLlmRequest(
                (command, sink) -> {
                    upstream.send(request("down", false));
                    upstream.send(request("up", false));
                    return new ForwardOutcome.Completed(
                            200,
                            Map.of(),
                            new byte[0],
                            "application/json",
                            bill(450, TokenUsage.of(10, 5).withCache(3, 0)));
                },
                registry);

        metered.forward(command(), null);

        String provider = "generic:up.test";
        assertThat(registry.get("routstr.requests")
                        .tags("model", "openai/gpt-4o-mini", "provider", provider, "outcome", "completed")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("routstr.spend.msats")
                        .tag("model", "openai/gpt-4o-mini")
                        .counter()
                        .count())
                .isEqualTo(450);
        assertThat(registry.get("routstr.tokens").tag("type", "input").counter().count())
                .isEqualTo(10);
        assertThat(registry.get("routstr.tokens")
                        .tag("type", "output")
                        .counter()
                        .count())
                .isEqualTo(5);
        assertThat(registry.get("routstr.tokens")
                        .tag("type", "cache_read")
                        .counter()
                        .count())
                .isEqualTo(3);
        assertThat(registry.get("routstr.failovers")
                        .tag("endpoint", "chat_completions")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("routstr.upstream.duration")
                        .tag("outcome", "connect_failed")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("routstr.upstream.duration")
                        .tag("outcome", "answered")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("routstr.upstream.requests")
                        .tags("provider", provider, "outcome", "answered")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("routstr.upstream.first.byte")
                        .tag("provider", "generic:down.test")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.find("routstr.requests").tag("model", "gpt-4o-mini").counter())
                .as("the client's name for the model is not a tag")
                .isNull();
    }

    @Test
    void theGatewayOverheadIsTheRequestsDurationLessTheTimeSpentWaitingOnTheUpstream() {
        UpstreamPort upstream = new MeteredUpstreamPort(SLOW_UPSTREAM, registry);
        Duration ownWork = Duration.ofMillis(40);
        MeteredForwardLlmRequest metered = new MeteredForwardLlmRequest(
                (command, sink) -> {
                    sleep(ownWork);
                    try (EventStream events =
                            ((UpstreamOutcome.Streaming) upstream.send(request("up", true))).events()) {
                        while (events.next(Duration.ofSeconds(1)) instanceof StreamRead.Event) {
                            // forwarded to the client
                        }
                    }
                    return new ForwardOutcome.Streamed(bill(10, TokenUsage.of(1, 1)), false);
                },
                registry);

        metered.forward(command(), null);

        Timer total = registry.get("routstr.request.duration").timer();
        Timer overhead = registry.get("routstr.gateway.overhead").timer();
        // Upstream: the answer's start, two events and the end, each after UPSTREAM_TIME.
        assertThat(total.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(4 * 120 + 40);
        // The upstream kept the request waiting at least 4 × 120 ms; the node's own 40 ms remain.
        assertThat(overhead.totalTime(TimeUnit.MILLISECONDS))
                .isGreaterThanOrEqualTo(40)
                .isLessThanOrEqualTo(total.totalTime(TimeUnit.MILLISECONDS) - 4 * 120);
        Timer firstToken = registry.get("routstr.upstream.time.to.first.token").timer();
        assertThat(firstToken.count()).isEqualTo(1);
        assertThat(firstToken.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(2 * 120);
        assertThat(registry.get("routstr.upstream.duration")
                        .tag("outcome", "streamed")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("routstr.requests")
                        .tag("outcome", "streamed")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aStreamWhoseClientLeftIsCountedAsAnAbort_andARequestThatReachedNoUpstreamHasModelNone() {
        MeteredForwardLlmRequest metered = new MeteredForwardLlmRequest(
                (command, sink) -> new ForwardOutcome.Streamed(bill(10, TokenUsage.of(1, 1)), true), registry);

        metered.forward(command(), null);

        assertThat(registry.get("routstr.client.aborts")
                        .tag("endpoint", "chat_completions")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("routstr.requests")
                        .tags("model", "none", "outcome", "client_gone")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(List.of(registry.get("routstr.requests.in.flight").gauge().value()))
                .containsExactly(0.0);
    }

    @Test
    void aShortfallIsCountedInMsatsAndRequestsByProvider() {
        MeteredForwardLlmRequest metered = new MeteredForwardLlmRequest(
                (command, sink) -> new ForwardOutcome.Streamed(bill(100, TokenUsage.of(4, 6), 250), false), registry);

        metered.forward(command(), null);
        metered.forward(command(), null);

        assertThat(registry.get("routstr.billing.shortfall.msats")
                        .tag("provider", "generic")
                        .counter()
                        .count())
                .isEqualTo(500.0);
        assertThat(registry.get("routstr.billing.shortfall.requests")
                        .tag("provider", "generic")
                        .counter()
                        .count())
                .isEqualTo(2.0);
    }

    @Test
    void aBillWithinItsHoldCountsNoShortfall() {
        MeteredForwardLlmRequest metered = new MeteredForwardLlmRequest(
                (command, sink) -> new ForwardOutcome.Streamed(bill(100, TokenUsage.of(4, 6)), false), registry);

        metered.forward(command(), null);

        assertThat(registry.find("routstr.billing.shortfall.msats").counter()).isNull();
    }
}

package io.routstr.gateway.application.service;

import static io.routstr.gateway.application.fake.ScriptedUpstream.delta;
import static io.routstr.gateway.application.fake.ScriptedUpstream.usage;
import static io.routstr.gateway.application.fake.ScriptedUpstream.withheld;
import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.FakeLlmRequests;
import io.routstr.gateway.application.fake.FakePayouts;
import io.routstr.gateway.application.fake.InMemoryAccounts;
import io.routstr.gateway.application.fake.InMemoryRefundClaims;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.fake.ScriptedUpstream;
import io.routstr.gateway.application.port.in.key.RefundBalanceCommand;
import io.routstr.gateway.application.port.in.key.RefundOutcome;
import io.routstr.gateway.application.port.in.proxy.FindModelRoutesUseCase;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestCommand;
import io.routstr.gateway.application.port.in.proxy.ForwardOutcome;
import io.routstr.gateway.application.port.in.proxy.ResponseSink;
import io.routstr.gateway.application.port.out.UpstreamPort;
import io.routstr.gateway.application.port.out.UpstreamPort.StreamRead;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.BtcUsdRate;
import io.routstr.gateway.domain.pricing.CostCalculator;
import io.routstr.gateway.domain.pricing.MaxCostEstimator;
import io.routstr.gateway.domain.pricing.ModelLimits;
import io.routstr.gateway.domain.pricing.ModelPrice;
import io.routstr.gateway.domain.pricing.PricingPolicy;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.ModelDescription;
import io.routstr.gateway.domain.provider.ModelRoute;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import io.routstr.gateway.domain.proxy.ModelId;
import io.routstr.gateway.domain.reservation.InstanceId;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests that last long: a live request keeps its hold past the stale timeout while its instance beats, and a stream
 * past the maximum request lifetime is cut and billed exactly for what was generated.
 */
class LongRequestsTest {

    private static final BtcUsdRate RATE = BtcUsdRate.of("100000"); // 1 USD = 1 000 000 msats
    private static final Duration STALE_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration LIFETIME = Duration.ofSeconds(1800);

    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InstanceId instance = InstanceId.random();
    private final BillingPolicy billing = new BillingPolicy(Msats.of(1), STALE_TIMEOUT, Msats.ZERO, 100, LIFETIME);
    private final KeepInstanceAliveService heartbeat = new KeepInstanceAliveService(accounts, clock, instance, billing);
    private final SweepStaleReservationsService sweep =
            new SweepStaleReservationsService(accounts, accounts, clock, billing);
    private final PayWithApiKeyService payments = new PayWithApiKeyService(
            new ReserveForRequestService(accounts, accounts, clock, billing, instance),
            new SettleRequestService(accounts, clock),
            new ReleaseReservationService(accounts, clock),
            new ReleaseSupersededHoldService(accounts, clock),
            new MakeHoldDurableService(accounts),
            StandingHoldsService.off(accounts, clock));
    private final ScriptedUpstream.Events stream = new ScriptedUpstream.Events();
    private final ForwardLlmRequestService service = new ForwardLlmRequestService(
            new OneRoute(route()),
            () -> Optional.of(RATE),
            request -> new UpstreamPort.UpstreamOutcome.Streaming(200, Map.of(), stream),
            new MaxCostEstimator(PricingPolicy.DEFAULT),
            new CostCalculator(PricingPolicy.DEFAULT),
            new ProxyPolicy(Duration.ZERO, LIFETIME),
            clock);
    private final ApiKey key = fundedKey(1_000_000);
    private final RecordingSink sink = new RecordingSink();

    @AfterEach
    void noMsatIsCreatedOrLost() {
        assertThat(accounts.balanceReport().discrepancy()).isZero();
        assertThat(accounts.activeReservations()).isZero();
    }

    @Test
    void aStreamOutlivingTheStaleTimeoutKeepsItsReservationWhileItsInstanceBeats() {
        heartbeat.beat();
        List<Msats> heldDuringTheStream = new ArrayList<>();
        List<Integer> sweptDuringTheStream = new ArrayList<>();
        stream.then(delta("hel"));
        for (int minute = 1; minute <= 10; minute++) {
            stream.then(wait -> {
                // A minute passes: the heartbeat job beats, the sweep job runs on some instance.
                clock.advance(Duration.ofMinutes(1));
                heartbeat.beat();
                sweptDuringTheStream.add(sweep.sweep());
                heldDuringTheStream.add(reload().reserved());
                return new StreamRead.Event(delta("lo"));
            });
        }
        stream.then(withheld(""));
        stream.then(usage(2, 3));

        ForwardOutcome outcome = service.forward(chat(), sink);

        assertThat(sweptDuringTheStream).containsOnly(0);
        assertThat(heldDuringTheStream)
                .hasSize(10)
                .allSatisfy(held -> assertThat(held.isPositive()).isTrue());
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ForwardOutcome.Streamed.class,
                        s -> assertThat(s.bill().charged()).isEqualTo(Msats.of(5_000)));
        assertThat(reload().balance()).isEqualTo(Msats.of(995_000));
        assertThat(reload().reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void aRefundWhileAStreamOutlivesTheStaleTimeoutIsRefused_soTheStreamIsPaidFromTheHeldMoney() {
        heartbeat.beat();
        FakePayouts payouts = new FakePayouts();
        RefundBalanceService refunds = new RefundBalanceService(
                accounts,
                accounts,
                new InMemoryRefundClaims(accounts),
                payouts,
                clock,
                billing,
                StandingHoldsService.off(accounts, clock));
        List<RefundOutcome> refundsDuringTheStream = new ArrayList<>();
        stream.then(delta("hel"));
        stream.then(wait -> {
            clock.advance(Duration.ofMinutes(10));
            heartbeat.beat();
            refundsDuringTheStream.add(refunds.refund(new RefundBalanceCommand(key.id())));
            return new StreamRead.Event(withheld("lo"));
        });
        stream.then(usage(2, 3));

        ForwardOutcome outcome = service.forward(chat(), sink);

        assertThat(refundsDuringTheStream).containsExactly(new RefundOutcome.RequestsInFlight());
        assertThat(payouts.paid()).isEmpty();
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ForwardOutcome.Streamed.class,
                        s -> assertThat(s.bill().charged()).isEqualTo(Msats.of(5_000)));
        assertThat(reload().balance()).isEqualTo(Msats.of(995_000));
    }

    @Test
    void aStreamWhoseInstanceFellSilentLosesItsHold_andItsLateSettleIsStillChargedExactly() {
        heartbeat.beat();
        stream.then(delta("hel"));
        stream.then(wait -> {
            // No beat for longer than the stale timeout: another instance's sweep takes this request for dead.
            clock.advance(STALE_TIMEOUT.plusSeconds(60));
            assertThat(sweep.sweep()).isEqualTo(1);
            return new StreamRead.Event(withheld("lo"));
        });
        stream.then(usage(2, 3));

        ForwardOutcome outcome = service.forward(chat(), sink);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ForwardOutcome.Streamed.class,
                        s -> assertThat(s.bill().charged()).isEqualTo(Msats.of(5_000)));
        assertThat(reload().balance()).isEqualTo(Msats.of(995_000));
    }

    @Test
    void aStreamThatStallsPastTheMaximumLifetimeIsCutAndBilledForWhatWasGenerated() {
        Instant start = clock.now();
        stream.then(delta("hello"));
        stallForever();

        ForwardOutcome outcome = service.forward(chat(), sink);

        assertThat(clock.now()).isEqualTo(start.plus(LIFETIME));
        assertThat(stream.closed).isTrue();
        assertThat(outcome).isInstanceOfSatisfying(ForwardOutcome.Streamed.class, s -> {
            assertThat(s.clientGone()).isFalse();
            assertThat(s.bill().charged()).isGreaterThan(Msats.ZERO);
            assertThat(s.bill().charged()).isEqualTo(s.bill().cost().total());
            assertThat(reload().balance())
                    .isEqualTo(Msats.of(1_000_000).minus(s.bill().charged()));
            assertThat(chargesBooked()).isEqualTo(s.bill().charged());
        });
        // The text, then the trailer of a cut stream, billed.
        ForwardOutcome.Streamed streamed = (ForwardOutcome.Streamed) outcome;
        assertThat(sink.chunks)
                .containsExactly("hello", "trailer " + streamed.bill().charged().value() + " cut");
    }

    @Test
    void aStreamThatKeepsTricklingPastTheMaximumLifetimeIsCutThere() {
        Instant start = clock.now();
        trickleForever(Duration.ofSeconds(100), "a");

        ForwardOutcome outcome = service.forward(chat(), sink);

        assertThat(clock.now()).isEqualTo(start.plus(LIFETIME));
        assertThat(stream.closed).isTrue();
        assertThat(outcome).isInstanceOfSatisfying(ForwardOutcome.Streamed.class, s -> {
            assertThat(s.bill().usage().outputTokens()).isEqualTo(6); // 18 characters, one token per three
            assertThat(s.bill().charged()).isEqualTo(s.bill().cost().total());
            assertThat(reload().balance())
                    .isEqualTo(Msats.of(1_000_000).minus(s.bill().charged()));
        });
        assertThat(sink.chunks).hasSize(18 + 1);
        assertThat(sink.chunks.getLast()).endsWith(" cut");
    }

    // --- fixtures

    private ApiKey fundedKey(long msats) {
        ApiKey created = accounts.createIfAbsent(anApiKey().build());
        accounts.credit(created.id(), Msats.of(msats), "deposit-" + created.id(), clock.now());
        return created;
    }

    private ApiKey reload() {
        return accounts.findById(key.id()).orElseThrow();
    }

    private Msats chargesBooked() {
        return Msats.of(accounts.balanceReport().total(LedgerEntryType.CHARGE));
    }

    // 0.001 USD per token = 1000 msats per token; a 20-token context with 10 for the completion.
    private static ModelRoute route() {
        BigDecimal rate = new BigDecimal("0.001");
        ModelPrice price = ModelPrice.builder()
                .prompt(rate)
                .completion(rate)
                .limits(ModelLimits.of(20, 10))
                .build();
        UpstreamProvider provider = new UpstreamProvider(
                new ProviderId("a"),
                ProviderType.GENERIC,
                "http://a.test/v1",
                Optional.empty(),
                ProviderFee.NONE,
                true,
                Optional.empty());
        return new ModelRoute(ModelId.of("m"), "m", provider, price, ModelDescription.minimal("m"));
    }

    private ForwardLlmRequestCommand chat() {
        return new ForwardLlmRequestCommand(
                FakeLlmRequests.chat("m", true), "chat/completions", Map.of(), payments.payerFor(key.id()));
    }

    /** Nothing more ever comes: each read waits all it is allowed to, as the real adapter does. */
    private void stallForever() {
        stream.afterwards(wait -> {
            clock.advance(wait);
            return new StreamRead.Stalled();
        });
    }

    /** {@code text} every {@code every}, for ever. */
    private void trickleForever(Duration every, String text) {
        stream.afterwards(wait -> {
            if (wait.compareTo(every) < 0) {
                clock.advance(wait);
                return new StreamRead.Stalled();
            }
            clock.advance(every);
            return new StreamRead.Event(delta(text));
        });
    }

    private static final class RecordingSink implements ResponseSink {
        final List<String> chunks = new ArrayList<>();

        @Override
        public boolean open() {
            return true;
        }

        @Override
        public boolean send(byte[] chunk) {
            chunks.add(new String(chunk, StandardCharsets.UTF_8));
            return true;
        }
    }

    private record OneRoute(ModelRoute route) implements FindModelRoutesUseCase {
        @Override
        public List<ModelRoute> candidates(ModelId requestedModel) {
            return List.of(route);
        }

        @Override
        public List<ModelRoute> advertised() {
            return List.of(route);
        }

        @Override
        public List<ModelId> aliases(ModelRoute route) {
            return List.of();
        }
    }
}

package io.routstr.gateway.application.service;

import static io.routstr.gateway.application.fake.ScriptedUpstream.answer;
import static io.routstr.gateway.application.fake.ScriptedUpstream.delta;
import static io.routstr.gateway.application.fake.ScriptedUpstream.failure;
import static io.routstr.gateway.application.fake.ScriptedUpstream.stream;
import static io.routstr.gateway.application.fake.ScriptedUpstream.usage;
import static io.routstr.gateway.application.fake.ScriptedUpstream.withheld;
import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import io.routstr.gateway.application.fake.FakeLlmRequests;
import io.routstr.gateway.application.fake.InMemoryAccounts;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.fake.ScriptedUpstream;
import io.routstr.gateway.application.port.in.proxy.FindModelRoutesUseCase;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestCommand;
import io.routstr.gateway.application.port.in.proxy.ForwardOutcome;
import io.routstr.gateway.application.port.in.proxy.RequestCostBasis;
import io.routstr.gateway.application.port.in.proxy.RequestPayer;
import io.routstr.gateway.application.port.in.proxy.ResponseSink;
import io.routstr.gateway.application.port.out.UpstreamPort;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.BtcUsdRate;
import io.routstr.gateway.domain.pricing.CostCalculator;
import io.routstr.gateway.domain.pricing.MaxCostEstimator;
import io.routstr.gateway.domain.pricing.ModelLimits;
import io.routstr.gateway.domain.pricing.ModelPrice;
import io.routstr.gateway.domain.pricing.PricingPolicy;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.ModelDescription;
import io.routstr.gateway.domain.provider.ModelPath;
import io.routstr.gateway.domain.provider.ModelRoute;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.proxy.LlmRequest;
import io.routstr.gateway.domain.proxy.ModelId;
import io.routstr.gateway.domain.reservation.InstanceId;
import io.routstr.gateway.domain.reservation.ReservationId;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The forwarding service against in-memory accounts and an upstream scripted in typed events; how the dialects write
 * a bill into JSON and SSE is the upstream adapter's, tested there.
 */
class ForwardLlmRequestServiceTest {

    private static final BtcUsdRate RATE = BtcUsdRate.of("100000"); // 1 USD = 1000 sats = 1 000 000 msats

    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InstanceId instance = InstanceId.random();
    private final ScriptedUpstream upstream = new ScriptedUpstream();
    private final List<ModelRoute> routes = new ArrayList<>();
    private final ForwardLlmRequestService service = new ForwardLlmRequestService(
            new FixedCatalog(routes),
            () -> Optional.of(RATE),
            upstream,
            new MaxCostEstimator(PricingPolicy.DEFAULT),
            new CostCalculator(PricingPolicy.DEFAULT),
            new ProxyPolicy(Duration.ZERO),
            clock);
    private final PayWithApiKeyService payments = new PayWithApiKeyService(
            new ReserveForRequestService(accounts, accounts, clock, BillingPolicy.defaults(), instance),
            new SettleRequestService(accounts, clock),
            new ReleaseReservationService(accounts, clock),
            new ReleaseSupersededHoldService(accounts, clock),
            new MakeHoldDurableService(accounts),
            StandingHoldsService.off(accounts, clock));
    private final ApiKey key = fundedKey(1_000_000);

    // 0.001 USD per token = 1000 msats per token; a 20-token context with 10 for the completion: ~10 100 msats held.
    private static ModelRoute route(String provider, String usdPerToken) {
        return routeWithLimits(provider, usdPerToken, ModelLimits.of(20, 10));
    }

    private static ModelRoute routeWithLimits(String provider, String usdPerToken, ModelLimits limits) {
        BigDecimal rate = new BigDecimal(usdPerToken);
        ModelPrice price = ModelPrice.builder()
                .prompt(rate)
                .completion(rate)
                .limits(limits)
                .build();
        UpstreamProvider upstreamProvider = new UpstreamProvider(
                new ProviderId(provider),
                ProviderType.GENERIC,
                "http://" + provider + ".test/v1",
                Optional.empty(),
                ProviderFee.NONE,
                true,
                Optional.empty());
        return new ModelRoute(ModelId.of("m"), "m", upstreamProvider, price, ModelDescription.minimal("m"));
    }

    private ApiKey fundedKey(long msats) {
        ApiKey created = accounts.createIfAbsent(anApiKey().build());
        accounts.credit(created.id(), Msats.of(msats), "deposit-" + created.id(), clock.now());
        return created;
    }

    private Msats balance() {
        return accounts.findById(key.id()).orElseThrow().balance();
    }

    private ForwardLlmRequestCommand chat(boolean stream) {
        return command(FakeLlmRequests.chat("m", stream), key);
    }

    private ForwardLlmRequestCommand command(LlmRequest request, ApiKey payer) {
        return new ForwardLlmRequestCommand(request, "chat/completions", Map.of(), payments.payerFor(payer.id()));
    }

    private static ForwardLlmRequestCommand withChoices(ForwardLlmRequestCommand chat, long choices) {
        LlmRequest plain = chat.request();
        return new ForwardLlmRequestCommand(
                new LlmRequest(
                        plain.endpoint(),
                        plain.model(),
                        false,
                        plain.shape().withChoices(choices),
                        plain.promptCharacters(),
                        plain.payload()),
                chat.path(),
                chat.headers(),
                chat.payer());
    }

    @Test
    void givenUsage_aWholeAnswerIsChargedAtTheRoutePriceAndCarriesItsCost() {
        routes.add(route("a", "0.001"));
        upstream.outcomes.add(answer(2, 3));

        ForwardOutcome outcome = service.forward(chat(false), new RecordingSink(true));

        assertThat(outcome).isInstanceOf(ForwardOutcome.Completed.class);
        ForwardOutcome.Completed completed = (ForwardOutcome.Completed) outcome;
        assertThat(completed.bill().charged()).isEqualTo(Msats.of(5_000));
        assertThat(balance()).isEqualTo(Msats.of(995_000));
        assertThat(new String(completed.body(), StandardCharsets.UTF_8)).isEqualTo("billed 5000");
        assertThat(accounts.activeReservations()).isZero();
    }

    private ForwardLlmRequestService withoutRate(PricingPolicy pricing) {
        return new ForwardLlmRequestService(
                new FixedCatalog(routes),
                Optional::empty,
                upstream,
                new MaxCostEstimator(pricing),
                new CostCalculator(pricing),
                new ProxyPolicy(Duration.ZERO),
                clock);
    }

    @Test
    void withoutAnExchangeRate_modelPricingAnswersPriceUnavailable_andHoldsNothing() {
        routes.add(route("a", "0.001"));

        ForwardOutcome outcome = withoutRate(PricingPolicy.DEFAULT).forward(chat(false), new RecordingSink(true));

        assertThat(outcome).isInstanceOf(ForwardOutcome.PriceUnavailable.class);
        assertThat(upstream.requests).isEmpty();
        assertThat(balance()).isEqualTo(Msats.of(1_000_000));
    }

    @Test
    void withoutAnExchangeRate_fixedPricingIsServedAndChargedInSats() {
        routes.add(route("a", "0.001"));
        upstream.outcomes.add(answer(2, 3));

        ForwardOutcome outcome = withoutRate(PricingPolicy.fixed(7, BigDecimal.ZERO, BigDecimal.ZERO))
                .forward(chat(false), new RecordingSink(true));

        assertThat(outcome).isInstanceOfSatisfying(ForwardOutcome.Completed.class, completed -> {
            assertThat(completed.bill().charged()).isEqualTo(Msats.of(7_000));
            assertThat(completed.bill().cost().totalUsd()).isZero();
        });
        assertThat(balance()).isEqualTo(Msats.of(993_000));
        assertThat(accounts.activeReservations()).isZero();
    }

    @Test
    void aCostBasisFromThePreCheckIsHeldAndBilledAsChecked_evenWhenTheRateIsGoneSince() {
        routes.add(route("a", "0.001"));
        upstream.outcomes.add(answer(2, 3));
        ForwardLlmRequestCommand plain = chat(false);
        ForwardLlmRequestCommand checked = new ForwardLlmRequestCommand(
                plain.request(),
                plain.path(),
                plain.headers(),
                plain.payer(),
                Optional.of(new RequestCostBasis(plain.request().shape(), Optional.of(RATE))));

        ForwardOutcome outcome = withoutRate(PricingPolicy.DEFAULT).forward(checked, new RecordingSink(true));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ForwardOutcome.Completed.class,
                        completed -> assertThat(completed.bill().charged()).isEqualTo(Msats.of(5_000)));
        assertThat(balance()).isEqualTo(Msats.of(995_000));
        assertThat(accounts.activeReservations()).isZero();
    }

    @Test
    void anUpstream5xxIsRoutstrs424UpstreamUnavailable_releasesTheReservationAndChargesNothing() {
        routes.add(route("a", "0.001"));
        upstream.outcomes.add(failure(UpstreamPort.FailureKind.HTTP_ERROR, 500));

        ForwardOutcome outcome = service.forward(chat(false), new RecordingSink(true));

        assertThat(outcome).isInstanceOfSatisfying(ForwardOutcome.UpstreamFailed.class, f -> {
            assertThat(f.status()).isEqualTo(424);
            assertThat(f.upstreamUnavailable()).isTrue();
            assertThat(f.error().code()).isEqualTo("UPSTREAM_UNAVAILABLE");
            assertThat(f.error().upstreamStatus()).contains(500);
        });
        assertThat(balance()).isEqualTo(Msats.of(1_000_000));
        assertThat(accounts.activeReservations()).isZero();
        assertThat(upstream.requests).hasSize(1);
    }

    @Test
    void aServerErrorIsTriedAgainOnTheSameRoute_andTheAnswerOfTheRetryIsBilledOnce() {
        routes.add(route("a", "0.001"));
        routes.add(route("b", "0.001"));
        upstream.outcomes.add(failure(UpstreamPort.FailureKind.HTTP_ERROR, 500));
        upstream.outcomes.add(answer(2, 3));

        ForwardOutcome outcome = retrying(1).forward(chat(false), new RecordingSink(true));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ForwardOutcome.Completed.class,
                        c -> assertThat(c.bill().charged()).isEqualTo(Msats.of(5_000)));
        assertThat(upstream.requests)
                .extracting(r -> r.route().provider().id().value())
                .containsExactly("a", "a");
        assertThat(balance()).isEqualTo(Msats.of(995_000));
        assertThat(accounts.activeReservations()).isZero();
    }

    @Test
    void serverErrorsAreRetriedOnlyAsOftenAsConfigured_thenTheRequestFailsAs424AndIsNotCharged() {
        routes.add(route("a", "0.001"));
        upstream.outcomes.add(failure(UpstreamPort.FailureKind.HTTP_ERROR, 502));
        upstream.outcomes.add(failure(UpstreamPort.FailureKind.UNAVAILABLE, 503));
        upstream.outcomes.add(answer(2, 3));

        ForwardOutcome outcome = retrying(1).forward(chat(false), new RecordingSink(true));

        assertThat(outcome).isInstanceOfSatisfying(ForwardOutcome.UpstreamFailed.class, f -> {
            assertThat(f.status()).isEqualTo(424);
            assertThat(f.error().upstreamStatus()).contains(503);
        });
        assertThat(upstream.requests).hasSize(2);
        assertThat(balance()).isEqualTo(Msats.of(1_000_000));
        assertThat(accounts.activeReservations()).isZero();
    }

    @Test
    void aClientErrorIsNeverRetried() {
        routes.add(route("a", "0.001"));
        upstream.outcomes.add(failure(UpstreamPort.FailureKind.HTTP_ERROR, 400));

        ForwardOutcome outcome = retrying(3).forward(chat(false), new RecordingSink(true));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ForwardOutcome.UpstreamFailed.class,
                        f -> assertThat(f.status()).isEqualTo(400));
        assertThat(upstream.requests).hasSize(1);
    }

    private ForwardLlmRequestService retrying(int retries) {
        return new ForwardLlmRequestService(
                new FixedCatalog(routes),
                () -> Optional.of(RATE),
                upstream,
                new MaxCostEstimator(PricingPolicy.DEFAULT),
                new CostCalculator(PricingPolicy.DEFAULT),
                new ProxyPolicy(Duration.ZERO, Duration.ofMinutes(30), retries),
                clock);
    }

    @Test
    void whenTheFirstProviderCertainlyDidNotProcessIt_thePricierNextOneServesAndItsPriceIsBilled() {
        routes.add(route("a", "0.001"));
        routes.add(route("b", "0.002"));
        upstream.outcomes.add(failure(UpstreamPort.FailureKind.CONNECT_FAILED, 0));
        upstream.outcomes.add(answer(2, 3));

        ForwardOutcome outcome = service.forward(chat(false), new RecordingSink(true));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ForwardOutcome.Completed.class,
                        c -> assertThat(c.bill().charged()).isEqualTo(Msats.of(10_000)));
        assertThat(upstream.requests)
                .extracting(r -> r.route().provider().id().value())
                .containsExactly("a", "b");
        assertThat(balance()).isEqualTo(Msats.of(990_000));
        assertThat(accounts.activeReservations()).isZero();
    }

    @Test
    void aPricierFallbacksHoldSupersedesTheFirst_whichTheUsageThenCountsAsNoRequest() {
        routes.add(route("a", "0.001"));
        routes.add(route("b", "0.002"));
        upstream.outcomes.add(failure(UpstreamPort.FailureKind.CONNECT_FAILED, 0));
        upstream.outcomes.add(answer(2, 3));
        List<String> steps = new ArrayList<>();

        ForwardOutcome outcome =
                service.forward(withPayer(chat(false), recordingPayer(steps, true)), new RecordingSink(true));

        assertThat(outcome).isInstanceOf(ForwardOutcome.Completed.class);
        // Not released as a request given back: the request went on, and is counted once, by the pricier hold.
        assertThat(steps).singleElement(as(STRING)).startsWith("superseded ");
        ReservationId first = ReservationId.parse(steps.getFirst().substring("superseded ".length()));
        assertThat(accounts.isStanding(first)).isTrue();
        assertThat(accounts.activeReservations()).isZero();
        assertThat(balance()).isEqualTo(Msats.of(990_000));
    }

    @Test
    void aTimeoutMayHaveBeenProcessed_soItIsNotSentElsewhere() {
        routes.add(route("a", "0.001"));
        routes.add(route("b", "0.001"));
        upstream.outcomes.add(failure(UpstreamPort.FailureKind.TIMEOUT, 0));

        ForwardOutcome outcome = service.forward(chat(false), new RecordingSink(true));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ForwardOutcome.UpstreamFailed.class,
                        f -> assertThat(f.error().upstreamStatus()).contains(504));
        assertThat(((ForwardOutcome.UpstreamFailed) outcome).status()).isEqualTo(424);
        assertThat(upstream.requests).hasSize(1);
        assertThat(balance()).isEqualTo(Msats.of(1_000_000));
    }

    @Test
    void anUpstreamRateLimitStays429AndAClientErrorKeepsItsStatus_neitherIsUpstreamUnavailable() {
        routes.add(route("a", "0.001"));
        upstream.outcomes.add(failure(UpstreamPort.FailureKind.RATE_LIMITED, 429));
        upstream.outcomes.add(failure(UpstreamPort.FailureKind.HTTP_ERROR, 400));

        ForwardOutcome limited = service.forward(chat(false), new RecordingSink(true));
        ForwardOutcome refused = service.forward(chat(false), new RecordingSink(true));

        assertThat(limited).isInstanceOfSatisfying(ForwardOutcome.UpstreamFailed.class, f -> {
            assertThat(f.status()).isEqualTo(429);
            assertThat(f.upstreamUnavailable()).isFalse();
        });
        assertThat(refused).isInstanceOfSatisfying(ForwardOutcome.UpstreamFailed.class, f -> {
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.upstreamUnavailable()).isFalse();
        });
        assertThat(balance()).isEqualTo(Msats.of(1_000_000));
    }

    @Test
    void aPinnedModelPathIsServedByItsRouteAlone_soAFailureThatWouldFailOverIsReturned() {
        routes.add(route("a", "0.001"));
        routes.add(route("b", "0.001"));
        upstream.outcomes.add(failure(UpstreamPort.FailureKind.CONNECT_FAILED, 0));
        ForwardLlmRequestCommand unpinned = chat(false);
        ForwardLlmRequestCommand pinned = new ForwardLlmRequestCommand(
                unpinned.request(),
                unpinned.path(),
                Map.of(
                        "x-routstr-model-path",
                        List.of(ModelPath.of(routes.get(0)).value())),
                unpinned.payer());

        ForwardOutcome outcome = service.forward(pinned, new RecordingSink(true));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ForwardOutcome.UpstreamFailed.class,
                        f -> assertThat(f.status()).isEqualTo(424));
        assertThat(upstream.requests)
                .extracting(r -> r.route().provider().id().value())
                .containsExactly("a");
        assertThat(balance()).isEqualTo(Msats.of(1_000_000));
    }

    @Test
    void aStreamIsChargedBeforeItsFinalChunkWhichCarriesUsageAndCost() {
        routes.add(route("a", "0.001"));
        upstream.outcomes.add(stream(delta("hel"), withheld("lo"), usage(2, 3)));
        RecordingSink sink = new RecordingSink(true);

        ForwardOutcome outcome = service.forward(chat(true), sink);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ForwardOutcome.Streamed.class,
                        s -> assertThat(s.bill().charged()).isEqualTo(Msats.of(5_000)));
        assertThat(sink.chunks).containsExactly("hel", "trailer 5000");
        assertThat(sink.balanceWhenTrailerWasWritten).isEqualTo(Msats.of(995_000));
    }

    @Test
    void aStreamMakesItsHoldDurableBeforeItsFirstByte_aWholeAnswerLeavesThatToItsCharge() {
        routes.add(route("a", "0.001"));
        upstream.outcomes.add(stream(delta("hel"), usage(2, 3)));
        upstream.outcomes.add(answer(2, 3));
        List<String> steps = new ArrayList<>();
        RecordingSink sink = new RecordingSink(true) {
            @Override
            public boolean open() {
                steps.add("open");
                return super.open();
            }
        };

        service.forward(withPayer(chat(true), recordingPayer(steps, true)), sink);
        service.forward(withPayer(chat(false), recordingPayer(steps, true)), new RecordingSink(true));

        assertThat(steps).containsExactly("durable", "open");
    }

    @Test
    void aStreamWhoseHoldIsGone_sendsNothing_closesTheUpstreamsStream_andChargesNothing() {
        routes.add(route("a", "0.001"));
        ScriptedUpstream.Events events = new ScriptedUpstream.Events();
        events.then(delta("hel"));
        upstream.outcomes.add(new UpstreamPort.UpstreamOutcome.Streaming(200, Map.of(), events));
        RecordingSink sink = new RecordingSink(true);

        assertThatThrownBy(() -> service.forward(withPayer(chat(true), recordingPayer(new ArrayList<>(), false)), sink))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no longer held");

        assertThat(sink.chunks).isEmpty();
        assertThat(events.closed).isTrue();
        assertThat(balance()).isEqualTo(Msats.of(1_000_000));
        assertThat(accounts.findById(key.id()).orElseThrow().reserved()).isEqualTo(Msats.ZERO);
    }

    /**
     * The key's payer, noting in {@code steps} what it is asked to do with a hold besides charging it (make it durable,
     * release it, supersede it), and answering {@code held} when asked to make it durable.
     */
    private RequestPayer recordingPayer(List<String> steps, boolean held) {
        RequestPayer payer = payments.payerFor(key.id());
        return new RequestPayer() {
            @Override
            public HoldOutcome hold(Msats maxCost) {
                return payer.hold(maxCost);
            }

            @Override
            public PaymentReceipt charge(PaymentHold hold, Msats cost, ChargeDetails details) {
                return payer.charge(hold, cost, details);
            }

            @Override
            public void release(PaymentHold hold) {
                steps.add("released " + hold.reservation().value());
                payer.release(hold);
            }

            @Override
            public void supersede(PaymentHold hold) {
                steps.add("superseded " + hold.reservation().value());
                payer.supersede(hold);
            }

            @Override
            public boolean makeDurable(PaymentHold hold) {
                steps.add("durable");
                return held && payer.makeDurable(hold);
            }
        };
    }

    private static ForwardLlmRequestCommand withPayer(ForwardLlmRequestCommand command, RequestPayer payer) {
        return new ForwardLlmRequestCommand(command.request(), command.path(), command.headers(), payer);
    }

    @Test
    void aClientGoneMidStreamPaysAnEstimateOfWhatWasGenerated_notZeroAndNotTheReservation() {
        routes.add(route("a", "0.001"));
        upstream.outcomes.add(stream(delta("abcdef"), delta("ghijkl"), withheld("mnopqr")));
        RecordingSink sink = new RecordingSink(true);
        sink.acceptOnly = 1;

        ForwardOutcome outcome = service.forward(chat(true), sink);

        assertThat(outcome).isInstanceOfSatisfying(ForwardOutcome.Streamed.class, s -> {
            assertThat(s.clientGone()).isTrue();
            assertThat(s.bill().charged()).isGreaterThan(Msats.ZERO);
            assertThat(s.bill().charged()).isLessThan(Msats.of(10_000));
        });
        assertThat(accounts.activeReservations()).isZero();
    }

    @Test
    void aClientGoneMidStreamPaysTheUpstreamUsageWhenItArrivesWithinTheDrainWindow() {
        ForwardLlmRequestService draining = new ForwardLlmRequestService(
                new FixedCatalog(routes),
                () -> Optional.of(RATE),
                upstream,
                new MaxCostEstimator(PricingPolicy.DEFAULT),
                new CostCalculator(PricingPolicy.DEFAULT),
                new ProxyPolicy(Duration.ofSeconds(5)),
                clock);
        routes.add(route("a", "0.001"));
        upstream.outcomes.add(stream(delta("abcdef"), withheld("ghijkl"), usage(4, 3)));
        RecordingSink sink = new RecordingSink(true);
        sink.acceptOnly = 0;

        ForwardOutcome outcome = draining.forward(chat(true), sink);

        assertThat(outcome).isInstanceOfSatisfying(ForwardOutcome.Streamed.class, s -> {
            assertThat(s.clientGone()).isTrue();
            assertThat(s.bill().charged()).isEqualTo(Msats.of(7_000));
        });
        assertThat(accounts.activeReservations()).isZero();
    }

    @Test
    void anInsufficientBalanceIsRefusedBeforeAnythingIsForwarded() {
        routes.add(route("a", "1"));

        ForwardOutcome outcome = service.forward(chat(false), new RecordingSink(true));

        assertThat(outcome).isInstanceOf(ForwardOutcome.PaymentRefused.class);
        assertThat(upstream.requests).isEmpty();
    }

    @Test
    void nChoicesReserveForEveryChoice_soAHundredAndTwentyEightChoicesHoldAHundredAndTwentyEightOutputs() {
        routes.add(route("a", "0.001"));
        ApiKey rich = fundedKey(10_000_000);
        LlmRequest request = FakeLlmRequests.request(
                ApiEndpoint.CHAT_COMPLETIONS,
                "m",
                false,
                FakeLlmRequests.SHORT_CHAT.withChoices(128).withMaxTokens(10));
        ReservedWhenSent upstreamSeeing = new ReservedWhenSent(rich);
        upstreamSeeing.outcome = answer(2, 1_280);

        ForwardOutcome outcome = serviceWith(upstreamSeeing).forward(command(request, rich), new RecordingSink(true));

        // 128 choices of at most 10 tokens at 1000 msats each, on top of the prompt.
        assertThat(upstreamSeeing.reserved).isGreaterThanOrEqualTo(Msats.of(128 * 10 * 1_000));
        assertThat(outcome).isInstanceOfSatisfying(ForwardOutcome.Completed.class, c -> {
            assertThat(c.bill().charged()).isEqualTo(Msats.of(1_282_000));
            assertThat(c.bill().shortfall()).isEqualTo(Msats.ZERO);
        });
        assertThat(accounts.activeReservations()).isZero();
    }

    @Test
    void aChildKeyWithASpendingLimitCannotOverrunItWithManyChoices() {
        routes.add(route("a", "0.001"));
        ApiKey child = accounts.createIfAbsent(anApiKey()
                .childOf(key)
                .withLimit(Msats.of(50_000), io.routstr.gateway.domain.key.LimitResetPeriod.NEVER)
                .build());
        upstream.outcomes.add(answer(2, 1_280));

        ForwardOutcome outcome = service.forward(
                withChoices(command(FakeLlmRequests.chat("m", false), child), 128), new RecordingSink(true));

        assertThat(outcome).isInstanceOf(ForwardOutcome.PaymentRefused.class);
        assertThat(upstream.requests).isEmpty();
        assertThat(accounts.findById(child.id()).orElseThrow().totalSpent()).isEqualTo(Msats.ZERO);
        assertThat(balance()).isEqualTo(Msats.of(1_000_000));
    }

    @Test
    void aBoundAboveTheSpendableBalanceIsRefusedAsInsufficientBalance() {
        routes.add(route("a", "0.001"));
        ForwardOutcome outcome = service.forward(withChoices(chat(false), 128), new RecordingSink(true));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ForwardOutcome.PaymentRefused.class,
                        r -> assertThat(r.reason())
                                .isInstanceOf(
                                        io.routstr.gateway.application.port.in.billing.ReserveOutcome
                                                .InsufficientBalance.class));
        assertThat(upstream.requests).isEmpty();
    }

    @Test
    void aModelWithoutLimitsAndARequestWithoutAnOutputCapCannotBeBounded_soItIsRefused() {
        routes.add(routeWithLimits("a", "0.001", ModelLimits.NONE));

        ForwardOutcome outcome = service.forward(chat(false), new RecordingSink(true));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ForwardOutcome.InvalidRequest.class,
                        i -> assertThat(i.message()).contains("max_tokens"));
        assertThat(upstream.requests).isEmpty();
        assertThat(accounts.activeReservations()).isZero();
    }

    @Test
    void anUpstreamThatBillsMoreThanItsLimitsAllowIsChargedTheHoldAndTheRestIsAShortfall() {
        routes.add(route("a", "0.001"));
        ReservedWhenSent upstreamSeeing = new ReservedWhenSent(key);
        // A 20-token context cannot produce 500 completion tokens: the upstream broke its own limits.
        upstreamSeeing.outcome = answer(2, 500);

        ForwardOutcome outcome = serviceWith(upstreamSeeing).forward(chat(false), new RecordingSink(true));

        assertThat(outcome).isInstanceOfSatisfying(ForwardOutcome.Completed.class, c -> {
            assertThat(c.bill().charged()).isEqualTo(upstreamSeeing.reserved);
            assertThat(c.bill().cost().total()).isEqualTo(upstreamSeeing.reserved);
            assertThat(c.bill().shortfall()).isEqualTo(Msats.of(502_000).minus(upstreamSeeing.reserved));
        });
        assertThat(balance()).isEqualTo(Msats.of(1_000_000).minus(upstreamSeeing.reserved));
    }

    @Test
    void anAnswerWithoutUsageIsChargedAnEstimateOfWhatItGenerated() {
        routes.add(route("a", "0.001"));
        // What the dialect counted as generated: text, reasoning and tool calls (see the adapter's JsonAnswerTest).
        upstream.outcomes.add(answer(Optional.empty(), 30));

        ForwardOutcome outcome = service.forward(chat(false), new RecordingSink(true));

        // 30 characters at one token per three characters.
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ForwardOutcome.Completed.class,
                        c -> assertThat(c.bill().usage().outputTokens()).isEqualTo(10));
        assertThat(accounts.activeReservations()).isZero();
    }

    private ForwardLlmRequestService serviceWith(UpstreamPort other) {
        return new ForwardLlmRequestService(
                new FixedCatalog(routes),
                () -> Optional.of(RATE),
                other,
                new MaxCostEstimator(PricingPolicy.DEFAULT),
                new CostCalculator(PricingPolicy.DEFAULT),
                new ProxyPolicy(Duration.ZERO),
                clock);
    }

    /** An upstream that notes how much the paying key had reserved when the request reached it. */
    private final class ReservedWhenSent implements UpstreamPort {
        private final ApiKey payer;
        UpstreamOutcome outcome;
        Msats reserved = Msats.ZERO;

        ReservedWhenSent(ApiKey payer) {
            this.payer = payer;
        }

        @Override
        public UpstreamOutcome send(UpstreamRequest request) {
            reserved = accounts.findById(payer.id()).orElseThrow().reserved();
            return outcome;
        }
    }

    private class RecordingSink implements ResponseSink {
        final List<String> chunks = new ArrayList<>();
        final boolean open;
        int acceptOnly = Integer.MAX_VALUE;
        Msats balanceWhenTrailerWasWritten;

        RecordingSink(boolean open) {
            this.open = open;
        }

        @Override
        public boolean open() {
            return open;
        }

        @Override
        public boolean send(byte[] chunk) {
            if (chunks.size() >= acceptOnly) {
                return false;
            }
            String text = new String(chunk, StandardCharsets.UTF_8);
            if (text.startsWith("trailer")) {
                balanceWhenTrailerWasWritten = balance();
            }
            chunks.add(text);
            return true;
        }
    }

    private record FixedCatalog(List<ModelRoute> routes) implements FindModelRoutesUseCase {
        @Override
        public List<ModelRoute> candidates(ModelId requestedModel) {
            return routes;
        }

        @Override
        public List<ModelRoute> advertised() {
            return routes.isEmpty() ? List.of() : List.of(routes.getFirst());
        }

        @Override
        public List<ModelId> aliases(ModelRoute route) {
            return List.of();
        }
    }
}

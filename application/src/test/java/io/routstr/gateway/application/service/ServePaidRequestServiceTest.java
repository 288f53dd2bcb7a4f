package io.routstr.gateway.application.service;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.FakeLlmRequests;
import io.routstr.gateway.application.fake.FakeWorkAdmission;
import io.routstr.gateway.application.fake.InMemoryAccounts;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.in.key.AuthenticateApiKeyUseCase;
import io.routstr.gateway.application.port.in.payment.PayPerRequestWithEcashUseCase;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestUseCase;
import io.routstr.gateway.application.port.in.proxy.ForwardOutcome;
import io.routstr.gateway.application.port.in.proxy.LimitRequestRateUseCase;
import io.routstr.gateway.application.port.in.proxy.PaidRequestError;
import io.routstr.gateway.application.port.in.proxy.PaidRequestOutcome;
import io.routstr.gateway.application.port.in.proxy.PaymentCredential;
import io.routstr.gateway.application.port.in.proxy.RequestPayer;
import io.routstr.gateway.application.port.in.proxy.RequestPayer.HoldOutcome;
import io.routstr.gateway.application.port.in.proxy.ResponseSink;
import io.routstr.gateway.application.port.in.proxy.ServePaidRequestCommand;
import io.routstr.gateway.application.port.in.proxy.ServePaidRequestCommand.BodyRead;
import io.routstr.gateway.application.port.in.proxy.ServePaidRequestCommand.RefundHeaders;
import io.routstr.gateway.application.port.out.WorkAdmissionPort.WorkTurn;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.ApiKeySecret;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.proxy.ApiEndpoint;
import io.routstr.gateway.domain.reservation.InstanceId;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Serving a paid request with an {@code sk-} key, on the in-memory accounts: a key is looked up by its hash once per
 * instance, and from then on its reservation admits it.
 */
class ServePaidRequestServiceTest {

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final BillingPolicy policy = new BillingPolicy(Msats.of(50), Duration.ofMinutes(5), Msats.ZERO, 100);
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final FakeWorkAdmission work = new FakeWorkAdmission(1);

    /** What ending a request's rate-limit admission does; by default nothing. */
    private Runnable finishingRateLimits = () -> {};

    /** What the upstream's answer does with the money held, while the request waits for it; by default releases it. */
    private BiFunction<RequestPayer, RequestPayer.PaymentHold, ForwardOutcome> whileForwarded = (payer, hold) -> {
        payer.release(hold);
        return new ForwardOutcome.InvalidRequest("forwarded");
    };

    private final AuthenticateApiKeyUseCase authenticate = secret -> {
        lookups.incrementAndGet();
        return accounts.findByHash(secret.hash());
    };

    /** Forwards nothing: holds what the request may cost, then does {@link #whileForwarded} (by default releases). */
    private final ForwardLlmRequestUseCase forward = (command, sink) -> {
        forwarded.incrementAndGet();
        return switch (command.payer().hold(Msats.of(100))) {
            case HoldOutcome.Held held -> whileForwarded.apply(command.payer(), held.hold());
            case HoldOutcome.Refused refused -> new ForwardOutcome.PaymentRefused(refused.reason());
        };
    };

    private final ServePaidRequestService service = new ServePaidRequestService(
            authenticate,
            (token, limit, validUntil) -> {
                throw new AssertionError("no token is presented");
            },
            unlimited(),
            new AdmitRequestService(accounts, clock, policy),
            new UpdateRefundPreferencesService(accounts),
            new PayWithApiKeyService(
                    new ReserveForRequestService(accounts, accounts, clock, policy, InstanceId.random()),
                    new SettleRequestService(accounts, clock),
                    new ReleaseReservationService(accounts, clock),
                    new ReleaseSupersededHoldService(accounts, clock),
                    new MakeHoldDurableService(accounts),
                    StandingHoldsService.off(accounts, clock)),
            forward,
            (token, request, headers) -> {
                throw new AssertionError("no X-Cashu token is presented");
            },
            noEcash(),
            new FakeLlmRequests(),
            work);

    @Test
    void withEveryTurnAtWorkTaken_aNewRequestIsRefusedOverloaded_beforeItIsLookedUpReadOrHoldsAnything() {
        ApiKeySecret secret = ApiKeySecret.generate();
        ApiKey key = funded(secret);
        WorkTurn busy = work.enter().orElseThrow();

        PaidRequestOutcome outcome = serve(secret);

        assertThat(outcome).isInstanceOfSatisfying(PaidRequestOutcome.Refused.class, refused -> {
            assertThat(refused.error()).isEqualTo(PaidRequestError.NODE_OVERLOADED);
            assertThat(refused.retryAfter()).contains(Duration.ofSeconds(1));
        });
        assertThat(lookups).hasValue(0);
        assertThat(forwarded).hasValue(0);
        assertThat(accounts.findById(key.id()).orElseThrow().reserved()).isEqualTo(Msats.ZERO);
        busy.leave();
    }

    @Test
    void aRateLimitFinishThatFails_leavesTheServedRequestsOutcomeAsItWas_forItsCountsMoveNoMoney() {
        ApiKeySecret secret = ApiKeySecret.generate();
        funded(secret);
        PaidRequestOutcome asServed = serve(secret);
        finishingRateLimits = () -> {
            throw new IllegalStateException("the database went away");
        };

        assertThat(serve(secret)).isEqualTo(asServed);
        assertThat(forwarded).hasValue(2);
    }

    @Test
    void aBodyNotReceivedInTime_isRefusedBodyTimeout_beforeAnythingIsHeldOrForwarded() {
        ApiKeySecret secret = ApiKeySecret.generate();
        ApiKey key = funded(secret);

        PaidRequestOutcome outcome = serve(secret, BodyRead.TimedOut::new);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        PaidRequestOutcome.Refused.class,
                        refused -> assertThat(refused.error()).isEqualTo(PaidRequestError.BODY_TIMEOUT));
        assertThat(forwarded).hasValue(0);
        assertThat(accounts.findById(key.id()).orElseThrow().reserved()).isEqualTo(Msats.ZERO);
        assertThat(work.working()).isZero();
    }

    @Test
    void aRequestGivesBackItsTurnOnceItsMoneyIsHeld_soWhileItWaitsForTheUpstreamAnotherIsServed() {
        ApiKeySecret waiting = ApiKeySecret.generate();
        ApiKeySecret other = ApiKeySecret.generate();
        funded(waiting);
        funded(other);
        AtomicInteger turnsTakenWhileWaiting = new AtomicInteger(-1);
        PaidRequestOutcome[] servedMeanwhile = new PaidRequestOutcome[1];
        whileForwarded = (payer, hold) -> {
            turnsTakenWhileWaiting.set(work.working());
            whileForwarded = (p, h) -> {
                p.release(h);
                return new ForwardOutcome.InvalidRequest("forwarded");
            };
            servedMeanwhile[0] = serve(other);
            payer.release(hold);
            return new ForwardOutcome.InvalidRequest("forwarded");
        };

        serve(waiting);

        assertThat(turnsTakenWhileWaiting).hasValue(0);
        assertThat(servedMeanwhile[0])
                .isInstanceOfSatisfying(
                        PaidRequestOutcome.Refused.class,
                        refused -> assertThat(refused.error()).isNotEqualTo(PaidRequestError.NODE_OVERLOADED));
        assertThat(forwarded).hasValue(2);
    }

    @Test
    void aRequestThatHoldsMoneySettles_withEveryTurnAtWorkTakenByNewcomers() {
        ApiKeySecret secret = ApiKeySecret.generate();
        ApiKey key = funded(secret);
        whileForwarded = (payer, hold) -> {
            WorkTurn newcomer = work.enter().orElseThrow();
            RequestPayer.PaymentReceipt receipt =
                    payer.charge(hold, Msats.of(60), ChargeDetails.of("gpt-4o-mini", "upstream", TokenUsage.of(10, 5)));
            newcomer.leave();
            return new ForwardOutcome.InvalidRequest(
                    "charged " + receipt.charged().value());
        };

        PaidRequestOutcome outcome = serve(secret);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        PaidRequestOutcome.Refused.class,
                        refused -> assertThat(refused.message()).isEqualTo("charged 60"));
        ApiKey after = accounts.findById(key.id()).orElseThrow();
        assertThat(after.reserved()).isEqualTo(Msats.ZERO);
        assertThat(after.balance()).isEqualTo(Msats.of(10_000 - 60));
    }

    @Test
    void aRequestRefusedBeforeItsHold_givesBackItsTurn() {
        serve(ApiKeySecret.generate());
        ApiKeySecret secret = ApiKeySecret.generate();
        funded(secret);
        serve(secret, FakeLlmRequests.NOT_JSON);

        assertThat(work.working()).isZero();
    }

    @Test
    void aKeySeenBeforeIsNotLookedUpAgain_itsReservationAdmitsIt() {
        ApiKeySecret secret = ApiKeySecret.generate();
        funded(secret);

        PaidRequestOutcome first = serve(secret);
        PaidRequestOutcome second = serve(secret);

        assertThat(lookups).hasValue(1);
        assertThat(forwarded).hasValue(2);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void aKnownKeyThatHasExpiredSinceIsRefusedByItsReservation_andHoldsNothing() {
        ApiKeySecret secret = ApiKeySecret.generate();
        ApiKey key = funded(secret);
        serve(secret);
        accounts.updateLimits(
                key.id(), Optional.empty(), Optional.of(clock.now().minusSeconds(1)));

        PaidRequestOutcome outcome = serve(secret);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        PaidRequestOutcome.Refused.class,
                        refused -> assertThat(refused.error()).isEqualTo(PaidRequestError.KEY_EXPIRED));
        assertThat(accounts.findById(key.id()).orElseThrow().reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void anUnknownSecretIsAnInvalidKey_eachTime() {
        ApiKeySecret secret = ApiKeySecret.generate();

        assertThat(serve(secret))
                .isInstanceOfSatisfying(
                        PaidRequestOutcome.Refused.class,
                        refused -> assertThat(refused.error()).isEqualTo(PaidRequestError.INVALID_API_KEY));
        serve(secret);

        assertThat(lookups).hasValue(2);
        assertThat(forwarded).hasValue(0);
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedAsInvalidJson_andAnObjectWithoutAModelAsAnInvalidRequest_neitherForwarded() {
        ApiKeySecret secret = ApiKeySecret.generate();
        ApiKey key = funded(secret);

        PaidRequestOutcome notJson = serve(secret, FakeLlmRequests.NOT_JSON);
        PaidRequestOutcome noModel = serve(secret, " ");

        assertThat(notJson)
                .isInstanceOfSatisfying(
                        PaidRequestOutcome.Refused.class,
                        refused -> assertThat(refused.error()).isEqualTo(PaidRequestError.INVALID_JSON));
        assertThat(noModel).isInstanceOfSatisfying(PaidRequestOutcome.Refused.class, refused -> {
            assertThat(refused.error()).isEqualTo(PaidRequestError.INVALID_REQUEST);
            assertThat(refused.message()).contains("'model'");
        });
        assertThat(forwarded).hasValue(0);
        assertThat(accounts.findById(key.id()).orElseThrow().reserved()).isEqualTo(Msats.ZERO);
    }

    private ApiKey funded(ApiKeySecret secret) {
        ApiKey key = accounts.createIfAbsent(
                anApiKey().withSecret(secret).createdAt(clock.now()).build());
        accounts.credit(key.id(), Msats.of(10_000), "deposit:" + key.id(), clock.now());
        return key;
    }

    private PaidRequestOutcome serve(ApiKeySecret secret) {
        return serve(secret, "gpt-4o-mini");
    }

    private PaidRequestOutcome serve(ApiKeySecret secret, String body) {
        return serve(secret, () -> new BodyRead.Read(body.getBytes(StandardCharsets.UTF_8)));
    }

    private PaidRequestOutcome serve(ApiKeySecret secret, ServePaidRequestCommand.BodySource body) {
        return service.serve(
                new ServePaidRequestCommand(
                        new PaymentCredential.ApiKey(secret),
                        ApiEndpoint.CHAT_COMPLETIONS,
                        "chat/completions",
                        body,
                        Map.of(),
                        RefundHeaders.none()),
                new ResponseSink() {
                    @Override
                    public boolean open() {
                        return true;
                    }

                    @Override
                    public boolean send(byte[] chunk) {
                        return true;
                    }
                });
    }

    private LimitRequestRateUseCase unlimited() {
        return new LimitRequestRateUseCase() {
            @Override
            public RateDecision admit(ApiKeyId key) {
                return new RateDecision.Admitted(key, "", clock.now());
            }

            @Override
            public void finish(RateDecision.Admitted admitted, long tokens) {
                finishingRateLimits.run();
            }
        };
    }

    private static PayPerRequestWithEcashUseCase noEcash() {
        return new PayPerRequestWithEcashUseCase() {
            @Override
            public Payment begin(String token) {
                throw new AssertionError("no X-Cashu token is presented");
            }

            @Override
            public Change finish(String token) {
                throw new AssertionError("no X-Cashu token is presented");
            }

            @Override
            public Change finish(String token, io.routstr.gateway.domain.key.ApiKeyId keyId) {
                throw new AssertionError("no X-Cashu token is presented");
            }

            @Override
            public Recovery recoverChange(String token) {
                throw new AssertionError("no X-Cashu token is presented");
            }
        };
    }
}

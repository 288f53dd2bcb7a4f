package io.routstr.gateway.application.service;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.FakeAdminQueries;
import io.routstr.gateway.application.fake.FakePayouts;
import io.routstr.gateway.application.fake.InMemoryAccounts;
import io.routstr.gateway.application.fake.InMemoryRefundClaims;
import io.routstr.gateway.application.fake.InMemoryRequestLimits;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.in.admin.AdminKeysUseCase.KeyChange;
import io.routstr.gateway.application.port.in.billing.ReserveOutcome;
import io.routstr.gateway.application.port.in.key.ChildKeysOutcome;
import io.routstr.gateway.application.port.in.key.CreateChildKeysCommand;
import io.routstr.gateway.application.port.in.key.DescribeApiKeyUseCase.KeyDescription;
import io.routstr.gateway.application.port.in.key.RefundBalanceCommand;
import io.routstr.gateway.application.port.in.key.RefundOutcome;
import io.routstr.gateway.application.port.in.proxy.RequestPayer;
import io.routstr.gateway.application.port.in.proxy.RequestPayer.HoldOutcome;
import io.routstr.gateway.application.port.in.proxy.RequestPayer.PaymentHold;
import io.routstr.gateway.application.service.admin.AdminKeysService;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.BalanceLimit;
import io.routstr.gateway.domain.key.LimitResetPeriod;
import io.routstr.gateway.domain.key.RateLimits;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.InstanceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Standing holds: a key's settled request leaves a hold for its next request, which takes it over instead of holding
 * for itself; the hold is given back when idle, when a request needs more, before a refund and at shutdown, and the
 * key's balance reads as if it were not there.
 */
class StandingHoldsServiceTest {

    private static final Duration IDLE = Duration.ofSeconds(5);

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InstanceId instance = InstanceId.random();
    private final BillingPolicy policy = new BillingPolicy(Msats.of(1), Duration.ofMinutes(5), Msats.ZERO, 100);
    private final StandingHoldsService standing =
            new StandingHoldsService(accounts, clock, instance, IDLE, policy.standingHoldKeptFor());
    private final PayWithApiKeyService payments = new PayWithApiKeyService(
            new ReserveForRequestService(accounts, accounts, clock, policy, instance),
            new SettleRequestService(accounts, clock),
            new ReleaseReservationService(accounts, clock),
            new ReleaseSupersededHoldService(accounts, clock),
            new MakeHoldDurableService(accounts),
            standing);
    private final ApiKey key = funded(100_000);

    @AfterEach
    void theBooksBalance() {
        assertThat(accounts.balanceReport().discrepancy()).isZero();
    }

    private ApiKey funded(long msats) {
        ApiKey created =
                accounts.createIfAbsent(anApiKey().createdAt(clock.now()).build());
        accounts.credit(created.id(), Msats.of(msats), "deposit:" + created.id(), clock.now());
        return created;
    }

    private PaymentHold held(RequestPayer payer, long maxCost) {
        HoldOutcome outcome = payer.hold(Msats.of(maxCost));
        assertThat(outcome).isInstanceOf(HoldOutcome.Held.class);
        return ((HoldOutcome.Held) outcome).hold();
    }

    /** One request of the key, known by its id (a client's usual request): held, then charged {@code cost}. */
    private PaymentHold request(long maxCost, long cost) {
        RequestPayer payer = payments.payerFor(key.id());
        PaymentHold hold = held(payer, maxCost);
        payer.charge(hold, Msats.of(cost), ChargeDetails.NONE);
        return hold;
    }

    /** What a refund of the key paid out, which must be a refund, through the same standing holds. */
    private Msats refunded() {
        RefundBalanceService refunds = new RefundBalanceService(
                accounts, accounts, new InMemoryRefundClaims(accounts), new FakePayouts(), clock, policy, standing);
        RefundOutcome outcome = refunds.refund(new RefundBalanceCommand(key.id()));
        assertThat(outcome).isInstanceOf(RefundOutcome.Refunded.class);
        return ((RefundOutcome.Refunded) outcome).amount();
    }

    private ApiKey reload() {
        return accounts.findById(key.id()).orElseThrow();
    }

    @Test
    void aKeysNextRequestTakesOverTheHoldItsLastSettlementLeft_withoutHoldingForItself() {
        request(1_000, 700); // the key's balance is not known yet: no hold is left
        assertThat(accounts.activeReservations()).isZero();
        request(1_000, 700);
        assertThat(accounts.activeReservations()).as("standing holds").isOne();
        assertThat(reload().reserved()).isEqualTo(Msats.of(2_000));

        RequestPayer payer = payments.payerFor(key.id());
        PaymentHold takenOver = held(payer, 1_000);

        assertThat(takenOver.amount()).isEqualTo(Msats.of(2_000));
        assertThat(accounts.activeReservations()).as("no hold of its own").isOne();
        assertThat(payer.charge(takenOver, Msats.of(700), ChargeDetails.NONE).remainingBalance())
                .contains(Msats.of(100_000 - 3 * 700));
        assertThat(reload().balance()).isEqualTo(Msats.of(100_000 - 3 * 700));
        // Its settlement left the next one, twice what the request may cost, not twice the hold it took over.
        assertThat(reload().reserved()).isEqualTo(Msats.of(2_000));
    }

    @Test
    void aStandingHoldIsSizedByWhatRequestsMayCost_notByTheHoldsBeforeIt() {
        for (int i = 0; i < 20; i++) {
            request(1_000, 700);
        }
        charged(heldAtOnce(3, 1_000), 700);
        charged(heldAtOnce(3, 1_000), 700);

        assertThat(standing.held()).isEqualTo(3);
        assertThat(reload().reserved()).as("three holds of 2,000").isEqualTo(Msats.of(6_000));
    }

    @Test
    void aKeysRequestsOneAfterAnother_areChargedOnOneStandingHoldKeptInPlace_withoutPlacingOrFinishingAnother() {
        request(1_000, 1_000);
        request(1_000, 1_000); // one standing hold of 2,000
        long placedBefore = accounts.reservationsPlaced();

        PaymentHold first = request(1_000, 1_000);
        for (int i = 0; i < 9; i++) {
            assertThat(request(1_000, 1_000).reservation())
                    .as("the same hold, kept in place")
                    .isEqualTo(first.reservation());
        }

        assertThat(accounts.reservationsPlaced()).isEqualTo(placedBefore);
        assertThat(standing.keptInPlace()).isEqualTo(10);
        assertThat(reload().balance()).isEqualTo(Msats.of(100_000 - 12 * 1_000));
        assertThat(reload().reserved()).as("the one hold, as it was").isEqualTo(Msats.of(2_000));
        assertThat(refunded())
                .as("released first, the whole balance paid (in whole sats)")
                .isEqualTo(Msats.of(100_000 - 12 * 1_000));
    }

    @Test
    void aRequestThatFailsOnAStandingHoldItTookOver_givesItBackAsItsOwn() {
        request(1_000, 700);
        request(1_000, 700);
        RequestPayer payer = payments.payerFor(key.id());
        PaymentHold takenOver = held(payer, 1_000);

        payer.release(takenOver);

        assertThat(accounts.isStanding(takenOver.reservation()))
                .as("no longer marked standing: the usage counts it as a request given back")
                .isFalse();
        assertThat(accounts.activeReservations()).isZero();
        assertThat(reload().balance()).isEqualTo(Msats.of(100_000 - 2 * 700));
    }

    @Test
    void anIdleStandingHoldReleasedStaysMarkedStanding() {
        request(1_000, 700);
        PaymentHold served = request(1_000, 700);
        PaymentHold kept = request(1_000, 700); // on the standing hold the second left

        clock.advance(IDLE.plusSeconds(1));
        assertThat(standing.releaseIdle()).isOne();

        assertThat(kept.reservation()).isNotEqualTo(served.reservation());
        assertThat(accounts.isStanding(kept.reservation()))
                .as("no request used it since")
                .isTrue();
        assertThat(accounts.activeReservations()).isZero();
    }

    @Test
    void aHoldKeptInPlaceIsPlacedAnewOnceTheKeepTimeIsOver_longBeforeTheOverAgeSweepCouldReleaseIt() {
        assertThat(policy.standingHoldKeptFor()).isLessThan(Duration.ofSeconds(1800 + 300));
        request(1_000, 700);
        request(1_000, 700);
        PaymentHold kept = request(1_000, 700);
        clock.advance(policy.standingHoldKeptFor());

        assertThat(request(1_000, 700).reservation())
                .as("taken over once more, then settled")
                .isEqualTo(kept.reservation());
        PaymentHold renewed = request(1_000, 700);

        assertThat(renewed.reservation()).isNotEqualTo(kept.reservation());
        assertThat(request(1_000, 700).reservation()).isEqualTo(renewed.reservation());
        assertThat(accounts.activeReservations()).isOne();
        assertThat(reload().balance()).isEqualTo(Msats.of(100_000 - 6 * 700));
    }

    @Test
    void aHoldMoreThanTwiceWhatTheKeysRequestsNowWant_isSettledAndPlacedAnewAtTheirSize() {
        request(5_000, 700);
        request(5_000, 700); // a standing hold of 10,000
        PaymentHold large = request(1_000, 700); // takes it over; the key's requests now want 2,000

        assertThat(reload().reserved()).isEqualTo(Msats.of(2_000));
        assertThat(request(1_000, 700).reservation()).isNotEqualTo(large.reservation());
        assertThat(standing.keptInPlace())
                .as("only the last, on a hold of the right size")
                .isOne();
    }

    /** Holds {@code n} requests of the key at once, as concurrent clients of it would, each up to {@code maxCost}. */
    private List<PaymentHold> heldAtOnce(int n, long maxCost) {
        List<PaymentHold> holds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            holds.add(held(payments.payerFor(key.id()), maxCost));
        }
        return holds;
    }

    private void charged(List<PaymentHold> holds, long cost) {
        for (PaymentHold hold : holds) {
            payments.payerFor(key.id()).charge(hold, Msats.of(cost), ChargeDetails.NONE);
        }
    }

    @Test
    void aKeyThatRunsSeveralRequestsAtOnce_keepsAStandingHoldForEach_soItsNextRoundHoldsNothingOfItsOwn() {
        request(1_000, 700);
        request(1_000, 700); // one standing hold of 2,000

        // Three at once: the first takes the standing hold over, the other two find none and hold for themselves.
        List<PaymentHold> first = heldAtOnce(3, 1_000);
        assertThat(accounts.activeReservations()).isEqualTo(3);
        charged(first, 700);

        assertThat(standing.held())
                .as("one standing hold per request the key ran at once")
                .isEqualTo(3);
        long reservationsBefore = accounts.activeReservations();
        List<PaymentHold> second = heldAtOnce(3, 1_000);
        assertThat(accounts.activeReservations())
                .as("the three took the standing holds over, none held for itself")
                .isEqualTo(reservationsBefore);
        assertThat(standing.takenOver()).isEqualTo(4);
        charged(second, 700);
        assertThat(reload().balance()).isEqualTo(Msats.of(100_000 - 8 * 700));
    }

    @Test
    void aKeyKeepsNoMoreStandingHoldsThanTheMaximum_howeverManyRequestsItRunsAtOnce() {
        ApiKey rich = funded(100_000_000);
        for (int i = 0; i < 2; i++) { // its balance now known, and one hold standing
            RequestPayer payer = payments.payerFor(rich.id());
            payer.charge(held(payer, 1_000), Msats.of(1), ChargeDetails.NONE);
        }
        List<PaymentHold> holds = new ArrayList<>();
        for (int i = 0; i < 64 + 6; i++) {
            holds.add(held(payments.payerFor(rich.id()), 1_000));
        }

        for (PaymentHold hold : holds) {
            payments.payerFor(rich.id()).charge(hold, Msats.of(1), ChargeDetails.NONE);
        }

        assertThat(standing.held()).isEqualTo(StandingHoldsService.MAX_PER_KEY);
        assertThat(standing.releaseAll()).isEqualTo(StandingHoldsService.MAX_PER_KEY);
        assertThat(accounts.findById(rich.id()).orElseThrow().reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void standingHoldsAKeyNoLongerNeedsIdleOut_andItsOneAtATimeRequestsKeepOne() {
        request(1_000, 700);
        request(1_000, 700);
        charged(heldAtOnce(3, 1_000), 700);
        assertThat(standing.held()).isEqualTo(3);

        clock.advance(IDLE.plusSeconds(1));
        assertThat(standing.releaseIdle()).isEqualTo(3);
        for (int i = 0; i < 4; i++) {
            request(1_000, 700);
        }

        assertThat(standing.held()).isOne();
        assertThat(accounts.activeReservations()).isOne();
    }

    @Test
    void aRefundReleasesEveryStandingHoldOfTheKey_andPaysTheWholeBalance() {
        request(1_000, 1_000);
        request(1_000, 1_000);
        charged(heldAtOnce(3, 1_000), 1_000);
        assertThat(standing.held()).isEqualTo(3);

        assertThat(refunded()).isEqualTo(Msats.of(95_000));
        assertThat(standing.held()).isZero();
        assertThat(reload().reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void manyClientsOfOneKeyAtOnce_eachRequestChargedOnce_andNothingHeldOnceTheInstanceStops() throws Exception {
        ApiKey shared = funded(10_000_000);
        int clients = 8;
        int requestsEach = 250;
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        List<Future<Long>> spent = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            spent.add(threads.submit(() -> {
                long total = 0;
                for (int i = 0; i < requestsEach; i++) {
                    long cost = 1 + ThreadLocalRandom.current().nextInt(1_000);
                    RequestPayer payer = payments.payerFor(shared.id());
                    payer.charge(held(payer, 1_000), Msats.of(cost), ChargeDetails.NONE);
                    total += cost;
                }
                return total;
            }));
        }
        long charged = 0;
        for (Future<Long> client : spent) {
            charged += client.get(30, TimeUnit.SECONDS);
        }
        threads.shutdown();
        assertThat(standing.takenOver())
                .as("most requests took a standing hold over")
                .isGreaterThan(1_000);

        standing.releaseAll();

        ApiKey after = accounts.findById(shared.id()).orElseThrow();
        assertThat(after.balance()).isEqualTo(Msats.of(10_000_000 - charged));
        assertThat(after.reserved()).isEqualTo(Msats.ZERO);
        assertThat(accounts.activeReservations()).isZero();
    }

    @Test
    void theKeysBalanceAsTheApiShowsItCountsTheStandingHoldAsSpendable() {
        request(1_000, 700);
        request(1_000, 700);

        KeyDescription described =
                new DescribeApiKeyService(accounts).describe(key.id()).orElseThrow();

        assertThat(described.billingKey().spendable()).isEqualTo(Msats.of(100_000 - 2 * 700));
        assertThat(described.billingKey().reserved()).isEqualTo(Msats.ZERO);
        assertThat(reload().reserved()).as("still held").isEqualTo(Msats.of(2_000));
    }

    @Test
    void aStandingHoldNoRequestTakesOverIsReleasedOnceIdle() {
        request(1_000, 700);
        request(1_000, 700);
        clock.advance(IDLE.minusSeconds(1));
        assertThat(standing.releaseIdle()).isZero();

        clock.advance(Duration.ofSeconds(2));

        assertThat(standing.releaseIdle()).isOne();
        assertThat(accounts.activeReservations()).isZero();
        assertThat(reload().reserved()).isEqualTo(Msats.ZERO);
        assertThat(reload().balance()).isEqualTo(Msats.of(100_000 - 2 * 700));
    }

    @Test
    void aRequestThatMayCostMoreThanTheStandingHoldReleasesIt_andHoldsForItself() {
        request(1_000, 700);
        request(1_000, 700);

        PaymentHold larger = held(payments.payerFor(key.id()), 5_000);

        assertThat(larger.amount()).isEqualTo(Msats.of(5_000));
        assertThat(accounts.activeReservations()).as("only its own").isOne();
        assertThat(reload().reserved()).isEqualTo(Msats.of(5_000));
    }

    @Test
    void aHoldRefusedForWantOfBalanceWhileAStandingHoldStandsIsTriedAgainWithoutIt() {
        request(1_000, 700);
        request(1_000, 700); // 98,600 left, 2,000 of it standing

        // A request of a key just read (another client of the key) that needs all but the standing hold's room.
        PaymentHold all = held(payments.payerFor(reload()), 98_000);

        assertThat(all.amount()).isEqualTo(Msats.of(98_000));
        assertThat(reload().reserved()).isEqualTo(Msats.of(98_000));
    }

    @Test
    void aRefundPaysTheWholeBalance_theStandingHoldReleasedFirst() {
        request(1_000, 1_000);
        request(1_000, 1_000);
        assertThat(reload().reserved()).as("standing").isEqualTo(Msats.of(2_000));

        assertThat(refunded()).isEqualTo(Msats.of(98_000));
        assertThat(reload().balance()).isEqualTo(Msats.ZERO);
        assertThat(reload().reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void childKeysMayCostTheWholeBalance_theStandingHoldReleasedFirst() {
        request(1_000, 700);
        request(1_000, 700); // 98,600 left, 2,000 of it standing
        BillingPolicy childrenCostAll = new BillingPolicy(Msats.of(1), Duration.ofMinutes(5), Msats.of(98_600), 100);
        CreateChildKeysService children =
                new CreateChildKeysService(accounts, accounts, clock, childrenCostAll, standing);

        ChildKeysOutcome outcome =
                children.create(new CreateChildKeysCommand(key.id(), 1, Optional.empty(), Optional.empty()));

        assertThat(outcome).isInstanceOf(ChildKeysOutcome.Created.class);
        assertThat(reload().balance()).isEqualTo(Msats.ZERO);
        assertThat(reload().reserved()).isEqualTo(Msats.ZERO);
    }

    private AdminKeysService operator() {
        return new AdminKeysService(
                new FakeAdminQueries(), accounts, new InMemoryRequestLimits(), accounts, clock, standing);
    }

    @Test
    void anOperatorsNewSpendingLimitAppliesToTheKeysNextRequest_notTheHoldPlacedUnderTheOldTerms() {
        request(1_000, 700);
        request(1_000, 700); // 2,000 standing, placed while the key had no limit

        operator()
                .edit(
                        key.keyHash(),
                        new KeyChange(
                                Optional.of(BalanceLimit.of(Msats.of(500), LimitResetPeriod.NEVER)),
                                Optional.empty(),
                                RateLimits.NONE));

        assertThat(accounts.activeReservations())
                .as("the standing hold given back")
                .isZero();
        assertThat(payments.payerFor(key.id()).hold(Msats.of(1_000)))
                .isEqualTo(new HoldOutcome.Refused(new ReserveOutcome.BalanceLimitExceeded(Msats.of(1_000))));
    }

    @Test
    void aKeyTheOperatorRevokes_cannotSpendItsStandingHold() {
        request(1_000, 700);
        request(1_000, 700);

        operator().revoke(key.keyHash());

        assertThat(accounts.activeReservations())
                .as("the standing hold given back")
                .isZero();
        assertThat(payments.payerFor(key.id()).hold(Msats.of(1_000)))
                .isInstanceOfSatisfying(
                        HoldOutcome.Refused.class,
                        refused -> assertThat(refused.reason()).isInstanceOf(ReserveOutcome.KeyExpired.class));
        assertThat(reload().balance()).isEqualTo(Msats.of(100_000 - 2 * 700));
    }

    @Test
    void whenTheInstanceStops_everyStandingHoldIsReleased_andNoneIsLeftAfter() {
        request(1_000, 700);
        request(1_000, 700);

        assertThat(standing.releaseAll()).isOne();
        request(1_000, 700);

        assertThat(accounts.activeReservations()).isZero();
        assertThat(reload().reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void aKeyJustRead_asAnXCashuTokensKeyIs_neitherTakesNorLeavesAStandingHold() {
        for (int i = 0; i < 3; i++) {
            RequestPayer payer = payments.payerFor(reload());
            PaymentHold hold = held(payer, 1_000);
            assertThat(hold.amount()).isEqualTo(Msats.of(1_000));
            payer.charge(hold, Msats.of(700), ChargeDetails.NONE);
        }

        assertThat(accounts.activeReservations()).isZero();
        assertThat(reload().reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void turnedOff_noStandingHoldIsLeft() {
        StandingHoldsService off = StandingHoldsService.off(accounts, clock);
        PayWithApiKeyService plain = new PayWithApiKeyService(
                new ReserveForRequestService(accounts, accounts, clock, policy, instance),
                new SettleRequestService(accounts, clock),
                new ReleaseReservationService(accounts, clock),
                new ReleaseSupersededHoldService(accounts, clock),
                new MakeHoldDurableService(accounts),
                off);
        for (int i = 0; i < 3; i++) {
            RequestPayer payer = plain.payerFor(key.id());
            payer.charge(held(payer, 1_000), Msats.of(700), ChargeDetails.NONE);
        }

        assertThat(accounts.activeReservations()).isZero();
    }
}

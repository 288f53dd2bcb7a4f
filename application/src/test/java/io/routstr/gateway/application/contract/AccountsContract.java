package io.routstr.gateway.application.contract;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.BalancePort.ChildKeysResult;
import io.routstr.gateway.application.port.out.BalancePort.CreditResult;
import io.routstr.gateway.application.port.out.BalancePort.DebitResult;
import io.routstr.gateway.application.port.out.BalancePort.KeyReserveResult;
import io.routstr.gateway.application.port.out.BalancePort.ReleaseResult;
import io.routstr.gateway.application.port.out.BalancePort.ReserveResult;
import io.routstr.gateway.application.port.out.BalancePort.SettleResult;
import io.routstr.gateway.application.port.out.InstanceHeartbeatPort;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyBuilder;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.LimitResetPeriod;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.ledger.LedgerEntry;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.InstanceId;
import io.routstr.gateway.domain.reservation.Reservation;
import io.routstr.gateway.domain.reservation.ReservationId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the accounts ports ({@link ApiKeyPort}, {@link BalancePort}, {@link LedgerPort}): every
 * implementation, in memory or on PostgreSQL, must pass it. The ledger invariant is checked after every test.
 */
public abstract class AccountsContract {

    protected final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");

    protected abstract ApiKeyPort apiKeys();

    protected abstract BalancePort balances();

    protected abstract LedgerPort ledger();

    protected abstract InstanceHeartbeatPort heartbeats();

    @AfterEach
    void ledgerInvariantHolds() {
        var report = ledger().balanceReport();
        assertThat(report.discrepancy()).as("ledger discrepancy").isZero();
    }

    protected ApiKey fundedKey(long msats) {
        return funded(anApiKey(), msats);
    }

    protected ApiKey funded(ApiKeyBuilder builder, long msats) {
        ApiKey key = apiKeys().createIfAbsent(builder.createdAt(clock.now()).build());
        if (msats > 0) {
            balances().credit(key.id(), Msats.of(msats), "deposit:" + UUID.randomUUID(), clock.now());
        }
        return reload(key.id());
    }

    protected ApiKey reload(ApiKeyId id) {
        return apiKeys().findById(id).orElseThrow();
    }

    protected ReserveResult reserve(ApiKey key, long msats) {
        return balances()
                .reserve(Reservation.open(key.id(), key.billingKeyId(), Msats.of(msats), clock.now()), clock.now());
    }

    /** A beat of an instance whose stale timeout is 300 s. */
    protected void beat(InstanceId instance, Instant at) {
        heartbeats().beat(instance, at, at.plusSeconds(300));
    }

    protected ReservationId reservedBy(InstanceId instance, ApiKey key, long msats) {
        ReserveResult result = balances()
                .reserve(
                        Reservation.open(key.id(), key.billingKeyId(), Msats.of(msats), instance, clock.now()),
                        clock.now());
        assertThat(result).isInstanceOf(ReserveResult.Reserved.class);
        return ((ReserveResult.Reserved) result).reservation().id();
    }

    protected ReservationId reserved(ApiKey key, long msats) {
        ReserveResult result = reserve(key, msats);
        assertThat(result).isInstanceOf(ReserveResult.Reserved.class);
        return ((ReserveResult.Reserved) result).reservation().id();
    }

    // --- keys

    @Test
    void keysAreFoundByTheHashOfTheirSecret() {
        ApiKeyBuilder builder = anApiKey();
        ApiKey key = apiKeys().createIfAbsent(builder.build());

        assertThat(apiKeys().findByHash(builder.secret().hash())).contains(key);
        assertThat(apiKeys().findById(key.id())).contains(key);
    }

    @Test
    void creatingAKeyWhoseHashExistsReturnsTheExistingKey() {
        ApiKeyBuilder builder = anApiKey();
        ApiKey first = apiKeys().createIfAbsent(builder.build());

        ApiKey second =
                apiKeys().createIfAbsent(anApiKey().withSecret(builder.secret()).build());

        assertThat(second.id()).isEqualTo(first.id());
    }

    @Test
    void keysWhoseRefundTimeHasPassedAreDueForRefund() {
        ApiKey due = fundedKey(5_000);
        ApiKey later = fundedKey(5_000);
        ApiKey empty = fundedKey(0);
        apiKeys()
                .updateRefundTarget(
                        due.id(),
                        due.refundTarget()
                                .withLightningAddress(
                                        "me@example.com", clock.now().minusSeconds(1)));
        apiKeys()
                .updateRefundTarget(
                        later.id(),
                        later.refundTarget()
                                .withLightningAddress(
                                        "me@example.com", clock.now().plusSeconds(60)));
        apiKeys()
                .updateRefundTarget(
                        empty.id(),
                        empty.refundTarget()
                                .withLightningAddress(
                                        "me@example.com", clock.now().minusSeconds(1)));

        List<ApiKeyId> found = apiKeys().findDueForRefund(clock.now(), 10_000).stream()
                .map(ApiKey::id)
                .toList();

        assertThat(found).contains(due.id()).doesNotContain(later.id(), empty.id());
    }

    @Test
    void aKeyOpenedFundedExistsOnlyWithItsDeposit_andAnExistingHashIsLeftAlone() {
        ApiKeyBuilder builder = anApiKey().createdAt(clock.now());
        ApiKey fresh = builder.build();

        BalancePort.OpenFundedResult opened =
                balances().openFunded(fresh, Msats.of(21_000), "token:" + UUID.randomUUID(), clock.now());
        BalancePort.OpenFundedResult again = balances()
                .openFunded(
                        anApiKey().withSecret(builder.secret()).build(),
                        Msats.of(5_000),
                        "token:" + UUID.randomUUID(),
                        clock.now());

        assertThat(opened)
                .isInstanceOfSatisfying(
                        BalancePort.OpenFundedResult.Opened.class,
                        o -> assertThat(o.key().balance()).isEqualTo(Msats.of(21_000)));
        assertThat(again).isInstanceOf(BalancePort.OpenFundedResult.Exists.class);
        assertThat(reload(fresh.id()).balance()).isEqualTo(Msats.of(21_000));
        assertThat(ledger().entriesFor(fresh.id(), 10)).hasSize(1);
    }

    @Test
    void aKeyWhoseRefundWasDeferredIsNotDueUntilItsRetryTime() {
        ApiKey key = fundedKey(5_000);
        apiKeys()
                .updateRefundTarget(
                        key.id(),
                        key.refundTarget()
                                .withLightningAddress(
                                        "me@example.com", clock.now().minusSeconds(1)));

        apiKeys().deferRefund(key.id(), clock.now().plusSeconds(300));

        assertThat(apiKeys().findDueForRefund(clock.now(), 10_000).stream().map(ApiKey::id))
                .doesNotContain(key.id());
        assertThat(apiKeys().findDueForRefund(clock.now().plusSeconds(300), 10_000).stream()
                        .map(ApiKey::id))
                .contains(key.id());
    }

    @Test
    void liabilitiesAreTheBalancesPerRefundMintAndUnit() {
        ApiKey key = funded(
                anApiKey()
                        .withRefundTarget(io.routstr.gateway.domain.key.RefundTarget.to(
                                io.routstr.gateway.domain.mint.MintUrl.of(
                                        "http://liability-" + UUID.randomUUID() + ".test"),
                                io.routstr.gateway.domain.mint.CurrencyUnit.SAT)),
                2_500);

        assertThat(ledger().liabilities())
                .contains(new LedgerPort.Liability(
                        key.refundTarget().mint(), key.refundTarget().unit(), Msats.of(2_500)));
    }

    @Test
    void owedAtSumsTheBalancesOfOneMintAndUnitOnly() {
        MintUrl mint = aFreshMint();
        MintUrl other = aFreshMint();
        fundedRefundingTo(mint, CurrencyUnit.SAT, 2_500);
        fundedRefundingTo(mint, CurrencyUnit.SAT, 1_000);
        fundedRefundingTo(mint, CurrencyUnit.MSAT, 700);
        fundedRefundingTo(other, CurrencyUnit.SAT, 300);

        assertThat(ledger().owedAt(mint, CurrencyUnit.SAT)).isEqualTo(Msats.of(3_500));
        assertThat(ledger().owedAt(aFreshMint(), CurrencyUnit.SAT)).isEqualTo(Msats.ZERO);
    }

    private static MintUrl aFreshMint() {
        return MintUrl.of("http://owed-" + UUID.randomUUID() + ".test");
    }

    private void fundedRefundingTo(MintUrl mint, CurrencyUnit unit, long msats) {
        funded(anApiKey().withRefundTarget(RefundTarget.to(mint, unit)), msats);
    }

    // --- credit

    @Test
    void aDepositIsCreditedOncePerReference() {
        ApiKey key = fundedKey(0);

        assertThat(balances().credit(key.id(), Msats.of(5_000), "token:abc", clock.now()))
                .isEqualTo(CreditResult.CREDITED);
        assertThat(balances().credit(key.id(), Msats.of(5_000), "token:abc", clock.now()))
                .isEqualTo(CreditResult.ALREADY_CREDITED);

        assertThat(reload(key.id()).balance()).isEqualTo(Msats.of(5_000));
    }

    @Test
    void creditingAnUnknownKeyChangesNothing() {
        assertThat(balances().credit(ApiKeyId.random(), Msats.of(1), "token:x", clock.now()))
                .isEqualTo(CreditResult.UNKNOWN_KEY);
    }

    // --- reserve

    @Test
    void givenExactlyEnough_reserveSucceedsAndHoldsTheFullAmount() {
        ApiKey key = fundedKey(1_000);

        reserved(key, 1_000);

        ApiKey after = reload(key.id());
        assertThat(after.reserved()).isEqualTo(Msats.of(1_000));
        assertThat(after.spendable()).isEqualTo(Msats.ZERO);
    }

    @Test
    void givenOneMsatShort_reserveFailsAndReportsWhatIsAvailable() {
        ApiKey key = fundedKey(999);

        assertThat(reserve(key, 1_000)).isEqualTo(new ReserveResult.InsufficientBalance(Msats.of(999)));
        assertThat(reload(key.id()).reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void reservedMoneyCannotBeReservedTwice() {
        ApiKey key = fundedKey(1_500);
        reserved(key, 1_000);

        assertThat(reserve(key, 1_000)).isEqualTo(new ReserveResult.InsufficientBalance(Msats.of(500)));
    }

    @Test
    void aKeyLimitCountsWhatIsSpentAndWhatIsReserved() {
        ApiKey key = funded(anApiKey().withLimit(Msats.of(1_000), LimitResetPeriod.NEVER), 10_000);
        ReservationId first = reserved(key, 600);
        balances().settle(first, Msats.of(600), clock.now());
        reserved(key, 300);

        assertThat(reserve(key, 101)).isInstanceOf(ReserveResult.LimitExceeded.class);
        reserved(key, 100);
    }

    @Test
    void aChildKeyReservesOnItsParentWithinItsOwnLimit() {
        ApiKey parent = fundedKey(10_000);
        ApiKey child = funded(anApiKey().childOf(parent).withLimit(Msats.of(1_000), LimitResetPeriod.DAILY), 0);

        reserved(child, 700);

        assertThat(reload(parent.id()).reserved()).isEqualTo(Msats.of(700));
        assertThat(reload(child.id()).reserved()).isEqualTo(Msats.of(700));
        assertThat(reserve(child, 301)).isEqualTo(new ReserveResult.LimitExceeded(child.id()));
        assertThat(reload(parent.id()).reserved()).isEqualTo(Msats.of(700));
    }

    // --- reserve for a key known by its id (admission and hold in one unit of work)

    private KeyReserveResult reserveForKey(ApiKeyId keyId, long msats) {
        return balances().reserveForKey(keyId, Msats.of(msats), InstanceId.random(), clock.now(), clock.zone());
    }

    @Test
    void reservingForAKeyByItsIdHoldsTheAmountAndReturnsTheKeyAsRead() {
        ApiKey key = fundedKey(1_000);

        KeyReserveResult result = reserveForKey(key.id(), 400);

        assertThat(result).isInstanceOfSatisfying(KeyReserveResult.Tried.class, tried -> {
            assertThat(tried.key().id()).isEqualTo(key.id());
            assertThat(tried.result()).isInstanceOf(ReserveResult.Reserved.class);
        });
        assertThat(reload(key.id()).reserved()).isEqualTo(Msats.of(400));
    }

    @Test
    void aHoldMadeDurableIsStillHeld_oneReleasedOrUnknownIsNot() {
        ApiKey key = fundedKey(1_000);
        KeyReserveResult result = reserveForKey(key.id(), 400);
        ReservationId id = ((ReserveResult.Reserved) ((KeyReserveResult.Tried) result).result())
                .reservation()
                .id();

        assertThat(balances().makeDurable(id)).isTrue();
        assertThat(reload(key.id()).reserved()).isEqualTo(Msats.of(400));

        balances().release(id, clock.now());
        assertThat(balances().makeDurable(id)).isFalse();
        assertThat(balances().makeDurable(ReservationId.next())).isFalse();
        assertThat(reload(key.id()).reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void reservingForAKeyByItsIdBeyondItsBalanceHoldsNothingAndReportsWhatIsAvailable() {
        ApiKey key = fundedKey(999);

        assertThat(reserveForKey(key.id(), 1_000))
                .isInstanceOfSatisfying(
                        KeyReserveResult.Tried.class,
                        tried -> assertThat(tried.result())
                                .isEqualTo(new ReserveResult.InsufficientBalance(Msats.of(999))));
        assertThat(reload(key.id()).reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void reservingForAnExpiredKeyOrTheChildOfOneHoldsNothing() {
        Instant expiredAt = clock.now().minusSeconds(1);
        ApiKey parent = funded(anApiKey().validUntil(expiredAt), 10_000);
        ApiKey child = funded(anApiKey().childOf(parent), 0);

        assertThat(reserveForKey(parent.id(), 100)).isEqualTo(new KeyReserveResult.Expired(expiredAt));
        assertThat(reserveForKey(child.id(), 100)).isEqualTo(new KeyReserveResult.Expired(expiredAt));
        assertThat(reload(parent.id()).reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void reservingForAKeyWhoseLimitPeriodHasEndedHoldsNothing_theCallerStartsThePeriodOverFirst() {
        ApiKey key = funded(anApiKey().withLimit(Msats.of(1_000), LimitResetPeriod.DAILY), 10_000);
        clock.advance(Duration.ofDays(2));

        assertThat(reserveForKey(key.id(), 100)).isInstanceOf(KeyReserveResult.LimitPeriodDue.class);
        assertThat(reload(key.id()).reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void reservingForAnUnknownKeyIdHoldsNothing() {
        assertThat(reserveForKey(new ApiKeyId(UUID.randomUUID()), 100)).isEqualTo(new KeyReserveResult.UnknownKey());
    }

    // --- settle

    @Test
    void givenReservedBalance_settleBelowReserveChargesTheCostAndFreesTheRest() {
        ApiKey key = fundedKey(10_000);
        ReservationId id = reserved(key, 4_000);

        SettleResult result = balances().settle(id, Msats.of(1_500), clock.now());

        assertThat(result).isEqualTo(new SettleResult.Charged(Msats.of(1_500), Msats.ZERO, Msats.of(8_500)));
        ApiKey after = reload(key.id());
        assertThat(after.balance()).isEqualTo(Msats.of(8_500));
        assertThat(after.reserved()).isEqualTo(Msats.ZERO);
        assertThat(after.totalSpent()).isEqualTo(Msats.of(1_500));
        assertThat(after.totalRequests()).isEqualTo(1);
    }

    @Test
    void settlingTwiceChargesOnce() {
        ApiKey key = fundedKey(10_000);
        ReservationId id = reserved(key, 4_000);
        balances().settle(id, Msats.of(1_500), clock.now());

        assertThat(balances().settle(id, Msats.of(1_500), clock.now()))
                .isEqualTo(new SettleResult.AlreadySettled(Msats.of(1_500)));
        assertThat(reload(key.id()).balance()).isEqualTo(Msats.of(8_500));
    }

    @Test
    void givenAnOverrunTheBalanceAllows_theFullCostIsCharged() {
        ApiKey key = fundedKey(10_000);
        ReservationId id = reserved(key, 1_000);

        assertThat(balances().settle(id, Msats.of(3_000), clock.now()))
                .isEqualTo(new SettleResult.Charged(Msats.of(3_000), Msats.ZERO, Msats.of(7_000)));
    }

    @Test
    void givenAnOverrunBeyondTheBalance_chargesWhatIsFreeAndRecordsTheShortfall() {
        ApiKey key = fundedKey(3_000);
        ReservationId mine = reserved(key, 1_000);
        reserved(key, 1_500);

        SettleResult result = balances().settle(mine, Msats.of(5_000), clock.now());

        // 3,000 held in total, 1,500 of it by the other request: this one may take 1,500.
        assertThat(result).isEqualTo(new SettleResult.Charged(Msats.of(1_500), Msats.of(3_500), Msats.ZERO));
        ApiKey after = reload(key.id());
        assertThat(after.balance()).isEqualTo(Msats.of(1_500));
        assertThat(after.reserved()).isEqualTo(Msats.of(1_500));
        // This key's entries only: on a shared database other tests book shortfalls too.
        assertThat(ledger().entriesFor(key.id(), 10))
                .filteredOn(e -> e.type() == LedgerEntryType.SHORTFALL)
                .extracting(e -> e.amount())
                .containsExactly(Msats.of(3_500));
    }

    @Test
    void aReleasedReservationIsNotChargedByALateSettle() {
        ApiKey key = fundedKey(10_000);
        ReservationId id = reserved(key, 1_000);
        balances().release(id, clock.now());

        assertThat(balances().settle(id, Msats.of(500), clock.now()))
                .isEqualTo(new SettleResult.AlreadySettled(Msats.ZERO));
        assertThat(reload(key.id()).balance()).isEqualTo(Msats.of(10_000));
    }

    @Test
    void aReservationSweptAsStaleIsStillChargedOnceWhenItsRequestFinishes() {
        ApiKey key = fundedKey(10_000);
        ReservationId id = reserved(key, 1_000);
        clock.advance(Duration.ofMinutes(10));
        assertThat(balances().releaseStale(clock.now().minusSeconds(300), Optional.of(key.id()), 100, clock.now()))
                .isEqualTo(1);

        assertThat(balances().settle(id, Msats.of(800), clock.now())).isInstanceOf(SettleResult.Charged.class);
        assertThat(balances().settle(id, Msats.of(800), clock.now())).isInstanceOf(SettleResult.AlreadySettled.class);

        ApiKey after = reload(key.id());
        assertThat(after.balance()).isEqualTo(Msats.of(9_200));
        assertThat(after.reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void settlingAChildRequestChargesTheParentAndCountsOnTheChild() {
        ApiKey parent = fundedKey(10_000);
        ApiKey child = funded(anApiKey().childOf(parent).withLimit(Msats.of(5_000), LimitResetPeriod.NEVER), 0);
        ReservationId id = reserved(child, 2_000);

        balances().settle(id, Msats.of(1_200), clock.now());

        assertThat(reload(parent.id()).balance()).isEqualTo(Msats.of(8_800));
        assertThat(reload(parent.id()).reserved()).isEqualTo(Msats.ZERO);
        assertThat(reload(child.id()).totalSpent()).isEqualTo(Msats.of(1_200));
        assertThat(reload(child.id()).reserved()).isEqualTo(Msats.ZERO);
    }

    // --- release and sweep

    @Test
    void releasingFreesTheReservationOnce() {
        ApiKey key = fundedKey(10_000);
        ReservationId id = reserved(key, 4_000);

        assertThat(balances().release(id, clock.now())).isEqualTo(ReleaseResult.RELEASED);
        assertThat(balances().release(id, clock.now())).isEqualTo(ReleaseResult.ALREADY_FINAL);
        assertThat(balances().release(ReservationId.next(), clock.now())).isEqualTo(ReleaseResult.NOT_FOUND);

        ApiKey after = reload(key.id());
        assertThat(after.reserved()).isEqualTo(Msats.ZERO);
        assertThat(after.balance()).isEqualTo(Msats.of(10_000));
    }

    @Test
    void theSweepReleasesOnlyReservationsOlderThanTheCutoff() {
        ApiKey key = fundedKey(10_000);
        reserved(key, 1_000);
        clock.advance(Duration.ofMinutes(10));
        reserved(key, 2_000);

        int released = balances().releaseStale(clock.now().minusSeconds(300), Optional.of(key.id()), 100, clock.now());

        assertThat(released).isEqualTo(1);
        assertThat(reload(key.id()).reserved()).isEqualTo(Msats.of(2_000));
    }

    @Test
    void theSweepCanBeLimitedToOneKey() {
        ApiKey mine = fundedKey(10_000);
        ApiKey other = fundedKey(10_000);
        reserved(mine, 1_000);
        reserved(other, 1_000);
        clock.advance(Duration.ofMinutes(10));

        balances().releaseStale(clock.now(), Optional.of(mine.id()), 100, clock.now());

        assertThat(reload(mine.id()).reserved()).isEqualTo(Msats.ZERO);
        assertThat(reload(other.id()).reserved()).isEqualTo(Msats.of(1_000));
    }

    // --- liveness: a hold stays while its request lives

    @Test
    void aHoldOfAnInstanceThatKeepsBeatingOutlivesTheStaleTimeout_whileASilentInstancesHoldIsReleased() {
        ApiKey key = fundedKey(10_000);
        InstanceId live = InstanceId.random();
        InstanceId dead = InstanceId.random();
        beat(live, clock.now());
        beat(dead, clock.now());
        ReservationId liveHold = reservedBy(live, key, 1_000);
        ReservationId deadHold = reservedBy(dead, key, 2_000);
        clock.advance(Duration.ofMinutes(10));
        beat(live, clock.now().minusSeconds(5));

        int released = balances().releaseStale(clock.now().minusSeconds(300), Optional.of(key.id()), 100, clock.now());

        assertThat(released).isEqualTo(1);
        assertThat(reload(key.id()).reserved()).isEqualTo(Msats.of(1_000));
        assertThat(balances().release(deadHold, clock.now())).isEqualTo(ReleaseResult.ALREADY_FINAL);
        assertThat(balances().settle(liveHold, Msats.of(700), clock.now()))
                .isInstanceOfSatisfying(
                        SettleResult.Charged.class,
                        charged -> assertThat(charged.charged()).isEqualTo(Msats.of(700)));
    }

    @Test
    void theSweepOfAllKeysKeepsTheHoldsOfALiveInstance() {
        ApiKey key = fundedKey(10_000);
        InstanceId live = InstanceId.random();
        beat(live, clock.now());
        reservedBy(live, key, 1_000);
        clock.advance(Duration.ofMinutes(10));
        beat(live, clock.now());

        balances().releaseStale(clock.now().minusSeconds(300), Optional.empty(), 100, clock.now());

        assertThat(reload(key.id()).reserved()).isEqualTo(Msats.of(1_000));
    }

    @Test
    void aHoldOfAnInstanceNeverSeenIsReleasedOnlyOnceOlderThanTheSilenceCutoff() {
        ApiKey key = fundedKey(10_000);
        reservedBy(InstanceId.random(), key, 1_000);

        // Taken before its instance's first beat was stored: not silent yet.
        assertThat(balances().releaseStale(clock.now(), Optional.of(key.id()), 100, clock.now()))
                .isZero();
        clock.advance(Duration.ofMinutes(10));

        assertThat(balances().releaseStale(clock.now().minusSeconds(300), Optional.of(key.id()), 100, clock.now()))
                .isEqualTo(1);
        assertThat(reload(key.id()).reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void anInstanceIsJudgedByItsOwnHorizon_notByTheSweepersTimeout() {
        ApiKey key = fundedKey(10_000);
        InstanceId patient = InstanceId.random();
        heartbeats().beat(patient, clock.now(), clock.now().plus(Duration.ofHours(1)));
        reservedBy(patient, key, 1_000);
        clock.advance(Duration.ofMinutes(10));

        assertThat(balances().releaseStale(clock.now().minusSeconds(300), Optional.of(key.id()), 100, clock.now()))
                .isZero();
        clock.advance(Duration.ofMinutes(51));
        assertThat(balances().releaseStale(clock.now().minusSeconds(300), Optional.of(key.id()), 100, clock.now()))
                .isEqualTo(1);
    }

    @Test
    void aHeartbeatNeverMovesBack() {
        ApiKey key = fundedKey(10_000);
        InstanceId instance = InstanceId.random();
        beat(instance, clock.now().plus(Duration.ofMinutes(10)));
        beat(instance, clock.now());
        reservedBy(instance, key, 1_000);
        clock.advance(Duration.ofMinutes(10));

        assertThat(balances().releaseStale(clock.now().minusSeconds(300), Optional.of(key.id()), 100, clock.now()))
                .isZero();
    }

    @Test
    void aRequestPastItsLifetimeIsReleasedEvenWhileItsInstanceBeats() {
        ApiKey key = fundedKey(10_000);
        InstanceId live = InstanceId.random();
        beat(live, clock.now());
        reservedBy(live, key, 1_000);
        clock.advance(Duration.ofMinutes(5));
        reservedBy(live, key, 2_000);
        clock.advance(Duration.ofMinutes(30));
        beat(live, clock.now());

        balances().releaseOverAge(clock.now().minus(Duration.ofMinutes(32)), 100, clock.now());

        assertThat(reload(key.id()).reserved()).isEqualTo(Msats.of(2_000));
    }

    @Test
    void aHoldReleasedOverAgeIsChargedExactlyOnceLate_whatTheBalanceCannotCoverBookedAsShortfall() {
        ApiKey key = fundedKey(10_000);
        InstanceId live = InstanceId.random();
        beat(live, clock.now());
        ReservationId id = reservedBy(live, key, 4_000);
        clock.advance(Duration.ofMinutes(40));
        balances().releaseOverAge(clock.now().minus(Duration.ofMinutes(35)), 100, clock.now());
        // Meanwhile the key spends most of what the sweep freed.
        balances().settle(reservedBy(live, key, 9_000), Msats.of(9_000), clock.now());

        assertThat(balances().settle(id, Msats.of(3_000), clock.now()))
                .isEqualTo(new SettleResult.Charged(Msats.of(1_000), Msats.of(2_000), Msats.ZERO));
        assertThat(balances().settle(id, Msats.of(3_000), clock.now()))
                .isEqualTo(new SettleResult.AlreadySettled(Msats.of(1_000)));
        assertThat(reload(key.id()).balance()).isEqualTo(Msats.ZERO);
        assertThat(ledger().entriesFor(key.id(), 10))
                .filteredOn(e -> e.reservationId().equals(Optional.of(id)))
                .extracting(e -> e.type(), e -> e.amount())
                .containsExactlyInAnyOrder(
                        tuple(LedgerEntryType.CHARGE, Msats.of(1_000)),
                        tuple(LedgerEntryType.SHORTFALL, Msats.of(2_000)));
    }

    @Test
    void aForgottenInstanceIsSilent_andHoldsItsRequestsAgainOnceItBeats() {
        ApiKey key = fundedKey(10_000);
        InstanceId instance = InstanceId.random();
        beat(instance, clock.now());
        reservedBy(instance, key, 1_000);
        clock.advance(Duration.ofMinutes(10));
        Instant silentSince = clock.now().minusSeconds(300);

        assertThat(heartbeats().forgetSilent(clock.now())).isPositive();
        beat(instance, clock.now());

        assertThat(balances().releaseStale(silentSince, Optional.of(key.id()), 100, clock.now()))
                .isZero();
        assertThat(reload(key.id()).reserved()).isEqualTo(Msats.of(1_000));
    }

    // --- payouts

    @Test
    void aPayoutDebitIsACompareAndSetOnTheBalance() {
        ApiKey key = fundedKey(10_500);

        assertThat(balances()
                        .debitForPayout(
                                key.id(), Msats.of(9_000), Msats.of(9_000), LedgerEntryType.REFUND, "r1", clock.now()))
                .isEqualTo(DebitResult.BALANCE_CHANGED);
        assertThat(balances()
                        .debitForPayout(
                                key.id(),
                                Msats.of(10_500),
                                Msats.of(10_000),
                                LedgerEntryType.REFUND,
                                "r2",
                                clock.now()))
                .isEqualTo(DebitResult.DEBITED);

        assertThat(reload(key.id()).balance()).isEqualTo(Msats.of(500));
    }

    @Test
    void aPayoutDebitIsRefusedWhileRequestsAreInFlight() {
        ApiKey key = fundedKey(10_000);
        reserved(key, 1);

        assertThat(balances()
                        .debitForPayout(
                                key.id(), Msats.of(10_000), Msats.of(10_000), LedgerEntryType.REFUND, "r", clock.now()))
                .isEqualTo(DebitResult.BALANCE_CHANGED);
    }

    @Test
    void aReversedDebitIsPutBackOnce() {
        ApiKey key = fundedKey(10_000);
        balances()
                .debitForPayout(key.id(), Msats.of(10_000), Msats.of(10_000), LedgerEntryType.REFUND, "r", clock.now());

        balances().reverseDebit(key.id(), Msats.of(10_000), "r", clock.now());
        balances().reverseDebit(key.id(), Msats.of(10_000), "r", clock.now());

        assertThat(reload(key.id()).balance()).isEqualTo(Msats.of(10_000));
    }

    @Test
    void aMintFeeIsBookedOwnerSideOncePerReference() {
        ApiKey key = fundedKey(10_000);
        long before = ledger().balanceReport().total(LedgerEntryType.MINT_FEE);

        balances().bookMintFee(Msats.ofSats(2), "mint-fee:r1", clock.now());
        balances().bookMintFee(Msats.ofSats(2), "mint-fee:r1", clock.now());

        assertThat(ledger().balanceReport().total(LedgerEntryType.MINT_FEE) - before)
                .isEqualTo(2_000);
        assertThat(reload(key.id()).balance()).isEqualTo(Msats.of(10_000));
        assertThat(ledger().balanceReport().holds()).isTrue();
    }

    // --- child keys and limits

    @Test
    void childKeysAreCreatedTogetherWithTheirFee() {
        ApiKey parent = fundedKey(1_000);
        List<ApiKey> children = List.of(
                anApiKey().childOf(parent).build(), anApiKey().childOf(parent).build());

        assertThat(balances().createChildKeys(parent.id(), Msats.of(1_001), children, clock.now()))
                .isEqualTo(ChildKeysResult.INSUFFICIENT_BALANCE);
        assertThat(apiKeys().findChildren(parent.id())).isEmpty();

        assertThat(balances().createChildKeys(parent.id(), Msats.of(600), children, clock.now()))
                .isEqualTo(ChildKeysResult.CREATED);
        assertThat(apiKeys().findChildren(parent.id())).hasSize(2);
        assertThat(reload(parent.id()).balance()).isEqualTo(Msats.of(400));
    }

    @Test
    void aLimitPeriodStartsOverOncePerPeriod() {
        ApiKey key = funded(anApiKey().withLimit(Msats.of(1_000), LimitResetPeriod.DAILY), 10_000);
        balances().settle(reserved(key, 900), Msats.of(900), clock.now());
        assertThat(reserve(key, 200)).isInstanceOf(ReserveResult.LimitExceeded.class);

        clock.advance(Duration.ofDays(1));
        Instant today =
                LimitResetPeriod.DAILY.periodStart(clock.now(), clock.zone()).orElseThrow();
        assertThat(balances().resetLimitPeriods(LimitResetPeriod.DAILY, today, clock.now()))
                .isPositive();
        assertThat(balances().resetLimitPeriods(LimitResetPeriod.DAILY, today, clock.now()))
                .isZero();

        assertThat(reload(key.id()).periodSpent()).isEqualTo(Msats.ZERO);
        assertThat(reload(key.id()).totalSpent()).isEqualTo(Msats.of(900));
        reserved(key, 200);
    }

    // --- concurrency

    @Test
    void twoHundredParallelRequestsOnAKeyFundedForFiftySucceedExactlyFiftyTimes() throws Exception {
        ApiKey key = fundedKey(50 * 1_000);
        AtomicInteger succeeded = new AtomicInteger();

        runConcurrently(200, i -> {
            if (reserve(key, 1_000) instanceof ReserveResult.Reserved r) {
                balances().settle(r.reservation().id(), Msats.of(1_000), clock.now());
                succeeded.incrementAndGet();
            }
        });

        assertThat(succeeded.get()).isEqualTo(50);
        ApiKey after = reload(key.id());
        assertThat(after.balance()).isEqualTo(Msats.ZERO);
        assertThat(after.reserved()).isEqualTo(Msats.ZERO);
        assertThat(after.totalRequests()).isEqualTo(50);
    }

    @Test
    void settleRacingTheSweepEndsTheReservationExactlyOnce() throws Exception {
        for (int round = 0; round < 20; round++) {
            ApiKey key = fundedKey(10_000);
            ReservationId id = reserved(key, 2_000);
            clock.advance(Duration.ofMinutes(10));
            Instant cutoff = clock.now().minusSeconds(300);

            runConcurrently(2, i -> {
                if (i == 0) {
                    balances().settle(id, Msats.of(1_500), clock.now());
                } else {
                    balances().releaseStale(cutoff, Optional.of(key.id()), 10, clock.now());
                }
            });

            ApiKey after = reload(key.id());
            assertThat(after.reserved()).isEqualTo(Msats.ZERO);
            // Whichever came first, the request is charged once: directly, or late after the sweep.
            assertThat(after.balance()).isEqualTo(Msats.of(8_500));
            assertThat(balances().settle(id, Msats.of(1_500), clock.now()))
                    .isInstanceOf(SettleResult.AlreadySettled.class);
        }
    }

    @Test
    void aChildAndItsParentSpendingTogetherKeepTheChildsLimit() throws Exception {
        ApiKey parent = fundedKey(100_000);
        ApiKey child = funded(anApiKey().childOf(parent).withLimit(Msats.of(10_000), LimitResetPeriod.NEVER), 0);
        AtomicInteger childSucceeded = new AtomicInteger();
        AtomicInteger parentSucceeded = new AtomicInteger();

        runConcurrently(100, i -> {
            ApiKey spender = i % 2 == 0 ? child : parent;
            if (reserve(spender, 1_000) instanceof ReserveResult.Reserved r) {
                balances().settle(r.reservation().id(), Msats.of(1_000), clock.now());
                (spender == child ? childSucceeded : parentSucceeded).incrementAndGet();
            }
        });

        assertThat(childSucceeded.get()).isEqualTo(10);
        assertThat(parentSucceeded.get()).isEqualTo(50);
        assertThat(reload(child.id()).totalSpent()).isEqualTo(Msats.of(10_000));
        assertThat(reload(parent.id()).balance()).isEqualTo(Msats.of(40_000));
    }

    @Test
    void aChildOverItsOwnLimitIsRefused_andTheHoldItsParentCouldHaveGivenIsNotKept() {
        ApiKey parent = fundedKey(10_000);
        ApiKey child = funded(anApiKey().childOf(parent).withLimit(Msats.of(1_000), LimitResetPeriod.NEVER), 0);

        assertThat(reserveForKey(child.id(), 1_500))
                .isInstanceOfSatisfying(
                        KeyReserveResult.Tried.class,
                        tried -> assertThat(tried.result()).isEqualTo(new ReserveResult.LimitExceeded(child.id())));
        assertThat(reload(parent.id()).reserved()).isEqualTo(Msats.ZERO);
        assertThat(reload(child.id()).reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void aHoldLargerThanTheParentsBalanceIsRefusedAndHoldsNothingOnTheChild() {
        ApiKey parent = fundedKey(1_000);
        ApiKey child = funded(anApiKey().childOf(parent).withLimit(Msats.of(5_000), LimitResetPeriod.NEVER), 0);

        assertThat(reserveForKey(child.id(), 2_000))
                .isInstanceOfSatisfying(
                        KeyReserveResult.Tried.class,
                        tried -> assertThat(tried.result())
                                .isEqualTo(new ReserveResult.InsufficientBalance(Msats.of(1_000))));
        assertThat(reload(parent.id()).reserved()).isEqualTo(Msats.ZERO);
        assertThat(reload(child.id()).reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void concurrentSettlesOnOneKeyOverrunningTheirHoldsTakeTheBalanceToZeroAndNoFurther() throws Exception {
        ApiKey key = fundedKey(10_000);
        List<ReservationId> holds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            holds.add(reserved(key, 500));
        }

        runConcurrently(
                20,
                i -> assertThat(balances().settle(holds.get(i), Msats.of(800), clock.now()))
                        .isInstanceOf(SettleResult.Charged.class));

        ApiKey after = reload(key.id());
        assertThat(after.balance()).isEqualTo(Msats.ZERO);
        assertThat(after.reserved()).isEqualTo(Msats.ZERO);
        assertThat(after.totalRequests()).isEqualTo(20);
        // Every settle may take only its own hold: the other 19 hold the rest of the balance. 16,000 booked in all.
        List<LedgerEntry> entries = ledger().entriesFor(key.id(), 100);
        assertThat(sum(entries, LedgerEntryType.CHARGE)).isEqualTo(10_000);
        assertThat(sum(entries, LedgerEntryType.SHORTFALL)).isEqualTo(6_000);
    }

    @Test
    void settleRacingReleaseEndsTheReservationExactlyOnce() throws Exception {
        for (int round = 0; round < 20; round++) {
            ApiKey key = fundedKey(10_000);
            ReservationId id = reserved(key, 2_000);
            List<Object> outcomes = Collections.synchronizedList(new ArrayList<>());

            runConcurrently(
                    2,
                    i -> outcomes.add(
                            i == 0
                                    ? balances().settle(id, Msats.of(1_500), clock.now())
                                    : balances().release(id, clock.now())));

            ApiKey after = reload(key.id());
            assertThat(after.reserved()).isEqualTo(Msats.ZERO);
            boolean charged = outcomes.stream().anyMatch(SettleResult.Charged.class::isInstance);
            boolean released = outcomes.contains(ReleaseResult.RELEASED);
            assertThat(charged ^ released)
                    .as("exactly one of settle and release took effect")
                    .isTrue();
            assertThat(after.balance()).isEqualTo(Msats.of(charged ? 8_500 : 10_000));
        }
    }

    @Test
    void aParentAndItsChildReservingSettlingAndReleasingAtOnceNeverDeadlockAndFreeEveryHold() throws Exception {
        ApiKey parent = fundedKey(1_000_000);
        ApiKey child = funded(anApiKey().childOf(parent), 0);

        runConcurrently(120, i -> {
            ApiKey spender = i % 2 == 0 ? child : parent;
            if (reserveForKey(spender.id(), 1_000) instanceof KeyReserveResult.Tried tried
                    && tried.result() instanceof ReserveResult.Reserved r) {
                if (i % 3 == 0) {
                    balances().release(r.reservation().id(), clock.now());
                } else {
                    balances().settle(r.reservation().id(), Msats.of(700), clock.now());
                }
            }
        });

        assertThat(reload(parent.id()).reserved()).isEqualTo(Msats.ZERO);
        assertThat(reload(child.id()).reserved()).isEqualTo(Msats.ZERO);
        assertThat(reload(parent.id()).balance()).isEqualTo(Msats.of(1_000_000 - 80 * 700));
        assertThat(reload(child.id()).totalSpent()).isEqualTo(Msats.of(40 * 700));
    }

    private static long sum(List<LedgerEntry> entries, LedgerEntryType type) {
        return entries.stream()
                .filter(e -> e.type() == type)
                .mapToLong(e -> e.amount().value())
                .sum();
    }

    @Test
    void concurrentDepositsOfOneTokenCreditItOnce() throws Exception {
        ApiKey key = fundedKey(0);

        runConcurrently(20, i -> balances().credit(key.id(), Msats.of(1_000), "token:same", clock.now()));

        assertThat(reload(key.id()).balance()).isEqualTo(Msats.of(1_000));
    }

    /** Runs {@code tasks} at once on virtual threads, released together, and rethrows the first failure. */
    protected static void runConcurrently(int tasks, IndexedTask task) throws Exception {
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                int index = i;
                Callable<Void> callable = () -> {
                    start.await();
                    task.run(index);
                    return null;
                };
                futures.add(executor.submit(callable));
            }
            start.countDown();
            for (Future<Void> future : futures) {
                future.get();
            }
        }
    }

    /** A task that knows its index among the concurrent ones. */
    @FunctionalInterface
    protected interface IndexedTask {
        void run(int index) throws Exception;
    }

    private ReservationId keyHeld(ApiKey key, long msats, InstanceId instance) {
        KeyReserveResult tried =
                balances().reserveForKey(key.id(), Msats.of(msats), instance, clock.now(), java.time.ZoneOffset.UTC);
        assertThat(tried).isInstanceOf(KeyReserveResult.Tried.class);
        return ((ReserveResult.Reserved) ((KeyReserveResult.Tried) tried).result())
                .reservation()
                .id();
    }

    @Test
    void aSettlementMayHoldForTheKeysNextRequestInTheSameStep_fromWhatTheSettlementLeft() {
        ApiKey key = fundedKey(10_000);
        InstanceId instance = InstanceId.random();
        ReservationId first = keyHeld(key, 1_000, instance);

        BalancePort.SettledAndHeld result = balances()
                .settleAndHoldNext(
                        first, Msats.of(700), ChargeDetails.NONE, key.id(), Msats.of(2_000), instance, clock.now());

        assertThat(result.settled()).isEqualTo(new SettleResult.Charged(Msats.of(700), Msats.ZERO, Msats.of(9_300)));
        Reservation next = result.next().orElseThrow().reservation();
        assertThat(next.amount()).isEqualTo(Msats.of(2_000));
        assertThat(next.keyId()).isEqualTo(key.id());
        assertThat(next.servedBy()).contains(instance);
        assertThat(reload(key.id()).reserved()).isEqualTo(Msats.of(2_000));
        assertThat(apiKeys().standingHeld(key.id())).as("marked standing").isEqualTo(Msats.of(2_000));
        assertThat(balances().settle(next.id(), Msats.of(500), clock.now()))
                .isEqualTo(new SettleResult.Charged(Msats.of(500), Msats.ZERO, Msats.of(8_800)));
        assertThat(reload(key.id()).reserved()).isEqualTo(Msats.ZERO);
        assertThat(apiKeys().standingHeld(key.id())).isEqualTo(Msats.ZERO);
    }

    @Test
    void noNextHoldIsTakenForAKeyWithALimit_orOneTheSettlementLeftTooLittle() {
        InstanceId instance = InstanceId.random();
        ApiKey limited = funded(anApiKey().withLimit(Msats.of(50_000), LimitResetPeriod.DAILY), 100_000);
        ApiKey small = fundedKey(3_000);

        // Held as a key with a limit is: by a reservation the application opens, with an id the balances drew.
        Reservation limitedHold = Reservation.open(
                balances().newReservationId(limited.id()),
                limited.id(),
                limited.id(),
                Msats.of(1_000),
                instance,
                clock.now());
        assertThat(balances().reserve(limitedHold, clock.now())).isInstanceOf(ReserveResult.Reserved.class);
        BalancePort.SettledAndHeld ofLimited = balances()
                .settleAndHoldNext(
                        limitedHold.id(),
                        Msats.of(700),
                        ChargeDetails.NONE,
                        limited.id(),
                        Msats.of(2_000),
                        instance,
                        clock.now());
        BalancePort.SettledAndHeld ofSmall = balances()
                .settleAndHoldNext(
                        keyHeld(small, 1_000, instance),
                        Msats.of(700),
                        ChargeDetails.NONE,
                        small.id(),
                        Msats.of(2_400),
                        instance,
                        clock.now());

        assertThat(ofLimited.settled()).isInstanceOf(SettleResult.Charged.class);
        assertThat(ofLimited.next()).isEmpty();
        assertThat(ofSmall.settled()).isEqualTo(new SettleResult.Charged(Msats.of(700), Msats.ZERO, Msats.of(2_300)));
        assertThat(ofSmall.next()).isEmpty();
        assertThat(reload(limited.id()).reserved()).isEqualTo(Msats.ZERO);
        assertThat(reload(small.id()).reserved()).isEqualTo(Msats.ZERO);
    }

    /** A standing hold of {@code amount} on the key, as a settlement of one of its requests leaves it. */
    private ReservationId standingHold(ApiKey key, long amount, InstanceId instance) {
        ReservationId first = keyHeld(key, 1, instance);
        return balances()
                .settleAndHoldNext(
                        first, Msats.ZERO, ChargeDetails.NONE, key.id(), Msats.of(amount), instance, clock.now())
                .next()
                .orElseThrow()
                .reservation()
                .id();
    }

    @Test
    void aRequestOnAStandingHoldIsChargedUnderItsOwnId_andTheHoldStaysAsItWasForTheNext() {
        ApiKey key = fundedKey(10_000);
        ReservationId hold = standingHold(key, 2_000, InstanceId.random());
        ReservationId first = balances().newReservationId(key.id());
        ReservationId second = balances().newReservationId(key.id());

        assertThat(balances().chargeKeepingHold(hold, first, key.id(), Msats.of(700), ChargeDetails.NONE, clock.now()))
                .as("the hold counts as spendable, as a settlement's balance does")
                .contains(new SettleResult.Charged(Msats.of(700), Msats.ZERO, Msats.of(9_300)));
        assertThat(balances().chargeKeepingHold(hold, second, key.id(), Msats.of(600), ChargeDetails.NONE, clock.now()))
                .contains(new SettleResult.Charged(Msats.of(600), Msats.ZERO, Msats.of(8_700)));

        ApiKey after = reload(key.id());
        assertThat(after.balance()).isEqualTo(Msats.of(8_700));
        assertThat(after.reserved()).as("still held, as it was").isEqualTo(Msats.of(2_000));
        assertThat(after.totalSpent()).isEqualTo(Msats.of(1_300));
        assertThat(apiKeys().standingHeld(key.id())).isEqualTo(Msats.of(2_000));
        // The hold is an ordinary ACTIVE reservation still: settled at last by a request as its own.
        assertThat(balances().settle(hold, Msats.of(500), clock.now()))
                .isEqualTo(new SettleResult.Charged(Msats.of(500), Msats.ZERO, Msats.of(8_200)));
        assertThat(reload(key.id()).reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void aKeptChargeAskedAgainIsNotChargedTwice() {
        ApiKey key = fundedKey(10_000);
        ReservationId hold = standingHold(key, 2_000, InstanceId.random());
        ReservationId charge = balances().newReservationId(key.id());

        balances().chargeKeepingHold(hold, charge, key.id(), Msats.of(700), ChargeDetails.NONE, clock.now());
        Optional<SettleResult> again =
                balances().chargeKeepingHold(hold, charge, key.id(), Msats.of(700), ChargeDetails.NONE, clock.now());

        assertThat(again).contains(new SettleResult.AlreadySettled(Msats.of(700)));
        assertThat(reload(key.id()).balance()).isEqualTo(Msats.of(9_300));
    }

    @Test
    void nothingIsChargedOnAHoldThatCannotBeKept_theCallerSettlesItInstead() {
        InstanceId instance = InstanceId.random();
        ApiKey key = fundedKey(10_000);
        ReservationId hold = standingHold(key, 2_000, instance);
        ReservationId own = keyHeld(key, 1_000, instance); // a request's own hold: not a standing one
        ApiKey other = fundedKey(10_000);

        assertThat(charged(hold, key, 2_001)).as("more than the hold").isEmpty();
        assertThat(charged(hold, key, 0)).as("nothing to charge").isEmpty();
        assertThat(charged(own, key, 500)).as("not a standing hold").isEmpty();
        assertThat(charged(hold, other, 500)).as("another key's hold").isEmpty();
        balances().release(hold, clock.now());
        assertThat(charged(hold, key, 500)).as("released").isEmpty();

        ApiKey after = reload(key.id());
        assertThat(after.balance()).isEqualTo(Msats.of(10_000));
        assertThat(after.reserved()).isEqualTo(Msats.of(1_000));
        assertThat(reload(other.id()).balance()).isEqualTo(Msats.of(10_000));
    }

    @Test
    void aHoldIsKeptOnlyWhileTheBalanceLeftStillCoversWhatTheKeyHolds() {
        InstanceId instance = InstanceId.random();
        ApiKey key = fundedKey(5_000);
        ReservationId hold = standingHold(key, 2_000, instance);
        keyHeld(key, 2_500, instance); // another request's hold: 4,500 of 5,000 held

        assertThat(charged(hold, key, 600))
                .as("4,400 left would not cover 4,500 held")
                .isEmpty();
        assertThat(charged(hold, key, 500))
                .contains(new SettleResult.Charged(Msats.of(500), Msats.ZERO, Msats.of(2_000)));
        assertThat(reload(key.id()).balance()).isEqualTo(Msats.of(4_500));
        assertThat(reload(key.id()).reserved()).isEqualTo(Msats.of(4_500));
    }

    private Optional<SettleResult> charged(ReservationId hold, ApiKey key, long cost) {
        return balances()
                .chargeKeepingHold(
                        hold,
                        balances().newReservationId(key.id()),
                        key.id(),
                        Msats.of(cost),
                        ChargeDetails.NONE,
                        clock.now());
    }
}

package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.InstanceHeartbeatPort;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.BalanceLimit;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.key.LimitResetPeriod;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.ledger.LedgerBalanceReport;
import io.routstr.gateway.domain.ledger.LedgerEntry;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.InstanceId;
import io.routstr.gateway.domain.reservation.Reservation;
import io.routstr.gateway.domain.reservation.ReservationId;
import io.routstr.gateway.domain.reservation.ReservationState;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * In-memory keys, balances, reservations, instance heartbeats and ledger behind {@link ApiKeyPort}, {@link
 * BalancePort}, {@link InstanceHeartbeatPort} and {@link LedgerPort}; one lock makes every operation atomic, as a
 * database transaction would.
 */
public final class InMemoryAccounts implements ApiKeyPort, BalancePort, InstanceHeartbeatPort, LedgerPort {

    private final Map<ApiKeyId, ApiKey> keys = new LinkedHashMap<>();
    private final Map<ReservationId, Reservation> reservations = new HashMap<>();
    /** Reservations placed as standing holds ({@link #settleAndHoldNext}). */
    private final Set<ReservationId> standing = new HashSet<>();

    private final Map<ReservationId, Msats> chargedByReservation = new HashMap<>();
    private final Set<ReservationId> staleReleased = new HashSet<>();
    private final List<LedgerEntry> ledger = new ArrayList<>();
    private final Map<ReservationId, ChargeDetails> detailsByReservation = new HashMap<>();
    private final Set<String> bookedReferences = new HashSet<>();
    private final Map<InstanceId, Instant> aliveUntil = new HashMap<>();
    private final Map<ApiKeyId, Instant> refundRetryAt = new HashMap<>();
    private boolean failNextDeposit;

    @Override
    public synchronized Optional<ApiKey> findByHash(KeyHash hash) {
        return keys.values().stream().filter(k -> k.keyHash().equals(hash)).findFirst();
    }

    @Override
    public synchronized Optional<ApiKey> findById(ApiKeyId id) {
        return Optional.ofNullable(keys.get(id));
    }

    @Override
    public synchronized Msats standingHeld(ApiKeyId billingKey) {
        return reservations.values().stream()
                .filter(r -> standing.contains(r.id()) && r.state() == ReservationState.ACTIVE)
                .filter(r -> r.billingKeyId().equals(billingKey))
                .map(Reservation::amount)
                .reduce(Msats.ZERO, Msats::plus);
    }

    @Override
    public synchronized List<ApiKey> findChildren(ApiKeyId parentId) {
        return keys.values().stream()
                .filter(k -> k.parentId().equals(Optional.of(parentId)))
                .toList();
    }

    @Override
    public synchronized ApiKey createIfAbsent(ApiKey key) {
        Optional<ApiKey> existing = findByHash(key.keyHash());
        if (existing.isPresent()) {
            return existing.get();
        }
        keys.put(key.id(), key);
        return key;
    }

    @Override
    public synchronized void updateRefundTarget(ApiKeyId id, RefundTarget target) {
        keys.computeIfPresent(id, (k, key) -> key.withRefundTarget(target));
    }

    @Override
    public synchronized void updateLimits(ApiKeyId id, Optional<BalanceLimit> limit, Optional<Instant> validUntil) {
        keys.computeIfPresent(id, (k, key) -> key.withLimits(limit, validUntil));
    }

    @Override
    public synchronized List<ApiKey> findDueForRefund(Instant now, int limit) {
        return keys.values().stream()
                .filter(k -> !k.isChild() && k.balance().isPositive())
                .filter(k -> k.refundTarget().refundAfter() != null
                        && !k.refundTarget().refundAfter().isAfter(now))
                .filter(k -> !refundRetryAt.getOrDefault(k.id(), now).isAfter(now))
                .sorted(Comparator.comparing(k -> k.refundTarget().refundAfter()))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized void deferRefund(ApiKeyId id, Instant retryAt) {
        refundRetryAt.put(id, retryAt);
    }

    /** The next credit (or funded opening) fails as a database would, changing nothing. */
    public synchronized void failNextDeposit() {
        failNextDeposit = true;
    }

    private void injectedDepositFault() {
        if (failNextDeposit) {
            failNextDeposit = false;
            throw new IllegalStateException("injected fault while crediting");
        }
    }

    @Override
    public synchronized OpenFundedResult openFunded(ApiKey key, Msats amount, String reference, Instant now) {
        Optional<ApiKey> existing = findByHash(key.keyHash());
        if (existing.isPresent()) {
            return new OpenFundedResult.Exists(existing.get());
        }
        injectedDepositFault();
        if (bookedReferences.contains(LedgerEntryType.DEPOSIT + ":" + reference)) {
            throw new IllegalStateException("deposit " + reference + " was credited to another key");
        }
        keys.put(key.id(), key);
        credit(key.id(), amount, reference, now);
        return new OpenFundedResult.Opened(keys.get(key.id()));
    }

    @Override
    public synchronized CreditResult credit(ApiKeyId keyId, Msats amount, String reference, Instant now) {
        injectedDepositFault();
        ApiKey key = keys.get(keyId);
        if (key == null) {
            return CreditResult.UNKNOWN_KEY;
        }
        if (!bookedReferences.add(LedgerEntryType.DEPOSIT + ":" + reference)) {
            return CreditResult.ALREADY_CREDITED;
        }
        keys.put(keyId, with(key, key.balance().plus(amount), key.reserved(), key.totalSpent(), key.periodSpent(), 0));
        ledger.add(LedgerEntry.of(LedgerEntryType.DEPOSIT, keyId, amount, now).withReference(reference));
        return CreditResult.CREDITED;
    }

    @Override
    public synchronized KeyReserveResult reserveForKey(
            ApiKeyId keyId, Msats amount, InstanceId instance, Instant now, ZoneId zone) {
        ApiKey key = keys.get(keyId);
        if (key == null) {
            return new KeyReserveResult.UnknownKey();
        }
        List<ApiKey> chain = new ArrayList<>(List.of(key));
        key.parentId().map(keys::get).ifPresent(chain::add);
        for (ApiKey checked : chain) {
            if (checked.isExpired(now)) {
                return new KeyReserveResult.Expired(checked.validUntil().orElseThrow());
            }
        }
        if (chain.stream().anyMatch(checked -> checked.limitPeriodDue(now, zone))) {
            return new KeyReserveResult.LimitPeriodDue(key);
        }
        return new KeyReserveResult.Tried(
                key, reserve(Reservation.open(key.id(), key.billingKeyId(), amount, instance, now), now));
    }

    @Override
    public ReservationId newReservationId(ApiKeyId billingKey) {
        return ReservationId.next();
    }

    @Override
    public synchronized ReserveResult reserve(Reservation reservation, Instant now) {
        ApiKey billing = keys.get(reservation.billingKeyId());
        ApiKey requester = keys.get(reservation.keyId());
        if (billing == null || requester == null) {
            return new ReserveResult.UnknownKey();
        }
        Msats amount = reservation.amount();
        if (reservation.isForChildKey() && !requester.limitAllows(amount)) {
            return new ReserveResult.LimitExceeded(requester.id());
        }
        if (billing.spendable().isLessThan(amount)) {
            return new ReserveResult.InsufficientBalance(billing.spendable());
        }
        if (!billing.limitAllows(amount)) {
            return new ReserveResult.LimitExceeded(billing.id());
        }
        keys.put(
                billing.id(),
                with(
                        billing,
                        billing.balance(),
                        billing.reserved().plus(amount),
                        billing.totalSpent(),
                        billing.periodSpent(),
                        0));
        if (reservation.isForChildKey()) {
            keys.put(
                    requester.id(),
                    with(
                            requester,
                            requester.balance(),
                            requester.reserved().plus(amount),
                            requester.totalSpent(),
                            requester.periodSpent(),
                            0));
        }
        reservations.put(reservation.id(), reservation);
        return new ReserveResult.Reserved(reservation);
    }

    @Override
    public synchronized SettleResult settle(ReservationId id, Msats cost, ChargeDetails details, Instant now) {
        Reservation reservation = reservations.get(id);
        if (reservation == null) {
            return new SettleResult.NotFound();
        }
        if (chargedByReservation.containsKey(id)) {
            return new SettleResult.AlreadySettled(chargedByReservation.get(id));
        }
        boolean lateAfterSweep = reservation.state() == ReservationState.RELEASED && staleReleased.contains(id);
        if (reservation.state() != ReservationState.ACTIVE && !lateAfterSweep) {
            return new SettleResult.AlreadySettled(Msats.ZERO);
        }
        Msats held = lateAfterSweep ? Msats.ZERO : reservation.amount();
        ApiKey billing = keys.get(reservation.billingKeyId());
        // What this request may take: the balance not held by other requests.
        Msats available = billing.balance().minus(billing.reserved().minus(held));
        Reservation.Settlement settlement = Reservation.settle(cost, available);
        Msats charged = settlement.charged();
        keys.put(
                billing.id(),
                with(
                        billing,
                        billing.balance().minus(charged),
                        billing.reserved().minus(held),
                        billing.totalSpent().plus(charged),
                        billing.periodSpent().plus(charged),
                        1));
        if (reservation.isForChildKey()) {
            ApiKey child = keys.get(reservation.keyId());
            keys.put(
                    child.id(),
                    with(
                            child,
                            child.balance(),
                            child.reserved().minus(held),
                            child.totalSpent().plus(charged),
                            child.periodSpent().plus(charged),
                            1));
        }
        reservations.put(id, withState(reservation, ReservationState.CHARGED));
        chargedByReservation.put(id, charged);
        detailsByReservation.put(id, details);
        if (charged.isPositive()) {
            ledger.add(LedgerEntry.of(LedgerEntryType.CHARGE, billing.id(), charged, now)
                    .forReservation(id));
        }
        if (settlement.shortfall().isPositive()) {
            ledger.add(LedgerEntry.of(LedgerEntryType.SHORTFALL, billing.id(), settlement.shortfall(), now)
                    .forReservation(id));
        }
        ApiKey after = keys.get(billing.id());
        return new SettleResult.Charged(charged, settlement.shortfall(), after.spendable());
    }

    /** The settlement, then a plain hold of the key as the persistence adapter's standing hold takes it. */
    @Override
    public synchronized SettledAndHeld settleAndHoldNext(
            ReservationId id,
            Msats cost,
            ChargeDetails details,
            ApiKeyId keyId,
            Msats nextAmount,
            InstanceId instance,
            Instant now) {
        SettleResult settled = settle(id, cost, details, now);
        ApiKey key = keys.get(keyId);
        if (key == null || key.isChild() || key.balanceLimit().isPresent() || key.isExpired(now)) {
            return new SettledAndHeld(settled, Optional.empty());
        }
        Reservation next = Reservation.open(key.id(), key.id(), nextAmount, instance, now);
        if (reserve(next, now) instanceof ReserveResult.Reserved reserved) {
            standing.add(reserved.reservation().id());
            return new SettledAndHeld(settled, Optional.of(new NextHold(reserved.reservation(), key.validUntil())));
        }
        return new SettledAndHeld(settled, Optional.empty());
    }

    /** As the persistence adapter's statement: a CHARGE under the request's own id, the standing hold left as it was. */
    @Override
    public synchronized Optional<SettleResult> chargeKeepingHold(
            ReservationId hold, ReservationId charge, ApiKeyId keyId, Msats cost, ChargeDetails details, Instant now) {
        if (chargedByReservation.containsKey(charge)) {
            return Optional.of(new SettleResult.AlreadySettled(chargedByReservation.get(charge)));
        }
        Reservation reservation = reservations.get(hold);
        ApiKey key = keys.get(keyId);
        if (reservation == null
                || key == null
                || reservation.state() != ReservationState.ACTIVE
                || !standing.contains(hold)
                || !reservation.keyId().equals(keyId)
                || reservation.isForChildKey()
                || key.isChild()
                || key.balanceLimit().isPresent()
                || key.isExpired(now)
                || !cost.isPositive()
                || reservation.amount().isLessThan(cost)
                || key.balance().isLessThan(key.reserved().plus(cost))) {
            return Optional.empty();
        }
        keys.put(
                keyId,
                with(
                        key,
                        key.balance().minus(cost),
                        key.reserved(),
                        key.totalSpent().plus(cost),
                        key.periodSpent().plus(cost),
                        1));
        chargedByReservation.put(charge, cost);
        detailsByReservation.put(charge, details);
        ledger.add(LedgerEntry.of(LedgerEntryType.CHARGE, keyId, cost, now).forReservation(charge));
        return Optional.of(new SettleResult.Charged(
                cost, Msats.ZERO, keys.get(keyId).spendable().plus(reservation.amount())));
    }

    /** In memory nothing is lost to a crash: a hold is durable as long as it is held. */
    @Override
    public synchronized boolean makeDurable(ReservationId id) {
        Reservation reservation = reservations.get(id);
        return reservation != null && reservation.state() == ReservationState.ACTIVE;
    }

    @Override
    public synchronized ReleaseResult release(ReservationId id, Instant now) {
        Reservation reservation = reservations.get(id);
        if (reservation == null) {
            return ReleaseResult.NOT_FOUND;
        }
        if (reservation.state() != ReservationState.ACTIVE) {
            return ReleaseResult.ALREADY_FINAL;
        }
        unhold(reservation);
        reservations.put(id, withState(reservation, ReservationState.RELEASED));
        return ReleaseResult.RELEASED;
    }

    /** A request's hold given back: a standing hold it took over is no longer marked standing. */
    @Override
    public synchronized ReleaseResult releaseRequest(ReservationId id, Instant now) {
        ReleaseResult result = release(id, now);
        if (result == ReleaseResult.RELEASED) {
            standing.remove(id);
        }
        return result;
    }

    /** A hold a pricier fallback's replaces: marked standing, as one no request used (the usage counts it as none). */
    @Override
    public synchronized ReleaseResult releaseSuperseded(ReservationId id, Instant now) {
        ReleaseResult result = release(id, now);
        if (result == ReleaseResult.RELEASED) {
            standing.add(id);
        }
        return result;
    }

    /** Whether the reservation is marked a standing hold (placed for a key's next request, no request's own). */
    public synchronized boolean isStanding(ReservationId id) {
        return standing.contains(id);
    }

    @Override
    public synchronized int releaseStale(Instant silentSince, Optional<ApiKeyId> billingKey, int limit, Instant now) {
        return releaseAsStale(r -> r.isSilent(silentSince, now, r.servedBy().map(aliveUntil::get)), billingKey, limit);
    }

    @Override
    public synchronized int releaseOverAge(Instant startedBefore, int limit, Instant now) {
        return releaseAsStale(r -> r.isOverAge(startedBefore), Optional.empty(), limit);
    }

    private int releaseAsStale(Predicate<Reservation> abandoned, Optional<ApiKeyId> billingKey, int limit) {
        List<Reservation> stale = reservations.values().stream()
                .filter(abandoned)
                .filter(r -> billingKey.map(k -> k.equals(r.billingKeyId())).orElse(true))
                .sorted(Comparator.comparing(Reservation::createdAt))
                .limit(limit)
                .toList();
        for (Reservation reservation : stale) {
            unhold(reservation);
            reservations.put(reservation.id(), withState(reservation, ReservationState.RELEASED));
            staleReleased.add(reservation.id());
        }
        return stale.size();
    }

    @Override
    public synchronized void beat(InstanceId instance, Instant now, Instant until) {
        aliveUntil.merge(instance, until, (old, beat) -> beat.isAfter(old) ? beat : old);
    }

    @Override
    public synchronized int forgetSilent(Instant now) {
        List<InstanceId> silent = aliveUntil.entrySet().stream()
                .filter(e -> e.getValue().isBefore(now))
                .map(Map.Entry::getKey)
                .toList();
        silent.forEach(aliveUntil::remove);
        return silent.size();
    }

    @Override
    public synchronized DebitResult debitForPayout(
            ApiKeyId keyId, Msats expectedBalance, Msats amount, LedgerEntryType type, String reference, Instant now) {
        ApiKey key = keys.get(keyId);
        if (key == null
                || !key.balance().equals(expectedBalance)
                || key.reserved().isPositive()
                || key.balance().isLessThan(amount)) {
            return DebitResult.BALANCE_CHANGED;
        }
        keys.put(keyId, with(key, key.balance().minus(amount), key.reserved(), key.totalSpent(), key.periodSpent(), 0));
        ledger.add(LedgerEntry.of(type, keyId, amount, now).withReference(reference));
        return DebitResult.DEBITED;
    }

    @Override
    public synchronized void reverseDebit(ApiKeyId keyId, Msats amount, String reference, Instant now) {
        if (!bookedReferences.add(LedgerEntryType.REVERSAL + ":" + reference)) {
            return;
        }
        ApiKey key = keys.get(keyId);
        keys.put(keyId, with(key, key.balance().plus(amount), key.reserved(), key.totalSpent(), key.periodSpent(), 0));
        ledger.add(LedgerEntry.of(LedgerEntryType.REVERSAL, keyId, amount, now).withReference(reference));
    }

    /**
     * Books an owner-side entry (no key, no balance moves) once per type and reference, as the owner payouts' and
     * withdrawals' fakes do with the step that finishes them.
     */
    public synchronized void bookOwnerSide(LedgerEntryType type, Msats amount, String reference, Instant now) {
        if (bookedReferences.add(type + ":" + reference)) {
            ledger.add(LedgerEntry.ownerSide(type, amount, reference, now));
        }
    }

    @Override
    public synchronized void bookMintFee(Msats fee, String reference, Instant now) {
        if (bookedReferences.add(LedgerEntryType.MINT_FEE + ":" + reference)) {
            ledger.add(LedgerEntry.ownerSide(LedgerEntryType.MINT_FEE, fee, reference, now));
        }
    }

    @Override
    public synchronized ChildKeysResult createChildKeys(
            ApiKeyId parentId, Msats totalFee, List<ApiKey> children, Instant now) {
        ApiKey parent = keys.get(parentId);
        if (parent == null) {
            return ChildKeysResult.UNKNOWN_PARENT;
        }
        if (parent.spendable().isLessThan(totalFee)) {
            return ChildKeysResult.INSUFFICIENT_BALANCE;
        }
        if (totalFee.isPositive()) {
            keys.put(
                    parentId,
                    with(
                            parent,
                            parent.balance().minus(totalFee),
                            parent.reserved(),
                            parent.totalSpent().plus(totalFee),
                            parent.periodSpent(),
                            0));
            ledger.add(LedgerEntry.of(LedgerEntryType.FEE, parentId, totalFee, now));
        }
        children.forEach(child -> keys.put(child.id(), child));
        return ChildKeysResult.CREATED;
    }

    @Override
    public synchronized boolean resetLimitPeriod(ApiKeyId keyId, Instant periodStart, Instant now) {
        ApiKey key = keys.get(keyId);
        if (key == null || key.balanceLimit().isEmpty()) {
            return false;
        }
        BalanceLimit limit = key.balanceLimit().get();
        if (limit.lastResetAt() != null && !limit.lastResetAt().isBefore(periodStart)) {
            return false;
        }
        ApiKey reset = with(key, key.balance(), key.reserved(), key.totalSpent(), Msats.ZERO, 0)
                .withLimits(Optional.of(new BalanceLimit(limit.limit(), limit.resetPeriod(), now)), key.validUntil());
        keys.put(keyId, reset);
        return true;
    }

    @Override
    public synchronized int resetLimitPeriods(LimitResetPeriod period, Instant periodStart, Instant now) {
        int count = 0;
        for (ApiKey key : List.copyOf(keys.values())) {
            if (key.balanceLimit().map(l -> l.resetPeriod() == period).orElse(false)
                    && resetLimitPeriod(key.id(), periodStart, now)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public synchronized LedgerBalanceReport balanceReport() {
        Map<LedgerEntryType, Long> totals = new EnumMap<>(LedgerEntryType.class);
        for (LedgerEntry entry : ledger) {
            totals.merge(entry.type(), entry.amount().value(), Long::sum);
        }
        long balances =
                keys.values().stream().mapToLong(k -> k.balance().value()).sum();
        long reserved = keys.values().stream()
                .filter(k -> !k.isChild())
                .mapToLong(k -> k.reserved().value())
                .sum();
        return new LedgerBalanceReport(totals, balances, reserved);
    }

    @Override
    public synchronized List<LedgerEntry> entriesFor(ApiKeyId keyId, int limit) {
        return ledger.reversed().stream()
                .filter(e -> e.keyId().equals(Optional.of(keyId)))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<Liability> liabilities() {
        Map<List<Object>, Msats> owed = new LinkedHashMap<>();
        for (ApiKey key : keys.values()) {
            if (key.balance().isPositive()) {
                owed.merge(List.of(key.refundTarget().mint(), key.refundTarget().unit()), key.balance(), Msats::plus);
            }
        }
        return owed.entrySet().stream()
                .map(e -> new Liability(
                        (io.routstr.gateway.domain.mint.MintUrl) e.getKey().get(0),
                        (io.routstr.gateway.domain.mint.CurrencyUnit) e.getKey().get(1),
                        e.getValue()))
                .toList();
    }

    /** Reservations ever placed, finished or not. */
    public synchronized long reservationsPlaced() {
        return reservations.size();
    }

    /** Reservations still ACTIVE, for tests that check nothing is left behind. */
    public synchronized long activeReservations() {
        return reservations.values().stream()
                .filter(r -> r.state() == ReservationState.ACTIVE)
                .count();
    }

    private void unhold(Reservation reservation) {
        ApiKey billing = keys.get(reservation.billingKeyId());
        keys.put(
                billing.id(),
                with(
                        billing,
                        billing.balance(),
                        billing.reserved().minus(reservation.amount()),
                        billing.totalSpent(),
                        billing.periodSpent(),
                        0));
        if (reservation.isForChildKey()) {
            ApiKey child = keys.get(reservation.keyId());
            keys.put(
                    child.id(),
                    with(
                            child,
                            child.balance(),
                            child.reserved().minus(reservation.amount()),
                            child.totalSpent(),
                            child.periodSpent(),
                            0));
        }
    }

    private static Reservation withState(Reservation r, ReservationState state) {
        return r.withState(state);
    }

    private static ApiKey with(
            ApiKey k, Msats balance, Msats reserved, Msats totalSpent, Msats periodSpent, long moreRequests) {
        return new ApiKey(
                k.id(),
                k.keyHash(),
                balance,
                reserved,
                totalSpent,
                periodSpent,
                k.totalRequests() + moreRequests,
                k.parentId(),
                k.balanceLimit(),
                k.validUntil(),
                k.refundTarget(),
                k.createdAt());
    }

    /** What the charge of reservation {@code id} was booked for, if it was settled. */
    public synchronized Optional<ChargeDetails> chargeDetails(ReservationId id) {
        return Optional.ofNullable(detailsByReservation.get(id));
    }
}

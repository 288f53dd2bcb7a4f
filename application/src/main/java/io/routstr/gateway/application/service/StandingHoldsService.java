package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.billing.ReleaseStandingHoldsUseCase;
import io.routstr.gateway.application.port.in.billing.SettleOutcome;
import io.routstr.gateway.application.port.in.proxy.RequestPayer.PaymentHold;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.BalancePort.SettleResult;
import io.routstr.gateway.application.port.out.BalancePort.SettledAndHeld;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.InstanceId;
import io.routstr.gateway.domain.reservation.ReservationId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standing holds: when a key's request is settled, the same database round trip holds twice what a request of the key
 * may cost (as the latest to ask said), for one of the key's next requests, which then takes the hold over instead of making a round trip of its own before
 * it is forwarded. A client that sends its requests one after another (an agent's loop, a script) pays one round trip
 * per request, not two; a key whose clients send several at once (an agent swarm, the bench's 64 connections over 16
 * keys) keeps about as many standing holds as it runs requests at once, so that its requests' holds ride on its
 * settlements' commits too instead of a commit of their own.
 *
 * <p>A standing hold is an ordinary ACTIVE reservation of this instance: it keeps the key from spending what it holds,
 * a dead instance's are released by the stale-reservation sweep, and the request that takes it over settles it as its
 * own. This instance keeps them in memory, per key as many as the key <em>wants</em>: one at first, one more each time a
 * request of the key found none to take over (up to {@link #MAX_PER_KEY}), one fewer each time one stood idle. The
 * newest is taken over first, so that the ones a key no longer needs are the ones left to idle. A hold is placed only
 * for a key that pays for itself without a limit and has not expired (the hold's own statement checks it), and only
 * when the key's balance, as last seen, is at least twice the hold, so that it rarely stands in the way of the key's
 * other requests; a hold refused for want of balance while some stand is tried again without them. They are released
 * when no request took them over within the idle time, when a request needs more than one holds, before anything that
 * needs the key's whole balance on this instance (a refund, child keys, a change of the key's terms), and when the
 * instance stops. The key's balance as the API shows it counts standing holds as spendable, whichever instance keeps
 * them (they are marked so in the database). A refund on this instance releases this instance's; another instance's
 * stand in its way until they are taken over or idle out, as requests in flight there would.
 *
 * <p>Kept in place: a request that took a standing hold over and costs no more than it is charged without finishing
 * the hold ({@link BalancePort#chargeKeepingHold}): its CHARGE is booked under its own id and the hold stays ACTIVE,
 * as it was, for the key's next request, when it is about the size the key's requests now want (at least the next
 * hold's size, at most twice it). One row per request (the ledger entry) instead of three (the reservation settled, the
 * next one inserted, the entry), in a statement that succeeds exactly when settling the hold and holding the same
 * amount again would have. A hold is kept in place for at most {@code keepFor}, then settled and placed anew, well
 * before the sweep of holds over the maximum request age would release it under a request.
 */
public final class StandingHoldsService implements ReleaseStandingHoldsUseCase {

    private static final Logger log = LoggerFactory.getLogger(StandingHoldsService.class);

    /** Keys whose last seen balance is remembered; past this the memory starts over (a key then skips one hold). */
    private static final int MAX_REMEMBERED_KEYS = 100_000;

    /**
     * Standing holds one key may have on this instance: as many as the requests it runs at once, up to this. Each holds
     * money of the key that its other requests cannot use meanwhile, and the balance rule above bounds them too.
     */
    static final int MAX_PER_KEY = 64;

    /**
     * A standing hold's reservation, what it holds, when it was last placed or given back (its idle time counts from
     * then), the key's expiry as it saw it, and when its reservation was placed.
     */
    private record Standing(
            ReservationId reservation,
            Msats amount,
            Instant placedAt,
            Optional<Instant> keyValidUntil,
            Instant heldSince) {}

    /**
     * One key's standing holds on this instance (the newest last), the holds being placed for it, and how many it wants.
     * Guarded by its own monitor; no call to the database is made while it is held. Once closed (the holds released for
     * something that needs the key's whole balance, or the instance stopping), a hold placed for it is released at once.
     */
    private static final class KeyHolds {
        private final Deque<Standing> standing = new ArrayDeque<>();
        private int beingPlaced;
        private int wanted = 1;
        private boolean closed;
        /** When a request last took one over or found none, or one was placed: a key long without is forgotten. */
        private Instant lastUsed = Instant.EPOCH;
        /**
         * What the latest request of the key to look for a hold may cost: a hold is sized by what requests ask, never
         * by the hold a request took over, which would double with every request taking one over until the key's
         * balance stopped it (and with a hold per request at once, most of the balance stood held).
         */
        private Msats lastAsked = Msats.ZERO;

        /** Closes it and hands back the holds it kept. */
        private synchronized List<Standing> close() {
            closed = true;
            List<Standing> kept = new ArrayList<>(standing);
            standing.clear();
            return kept;
        }
    }

    private final BalancePort balances;
    private final ClockPort clock;
    private final InstanceId instance;
    private final Duration idleAfter;
    private final Duration keepFor;
    private final Map<ApiKeyId, KeyHolds> byKey = new ConcurrentHashMap<>();
    private final Map<ApiKeyId, Msats> spendableSeen = new ConcurrentHashMap<>();
    private final AtomicLong takenOver = new AtomicLong();
    private final AtomicLong keptInPlace = new AtomicLong();
    private volatile boolean placing;

    /**
     * {@code idleAfter}: how long a standing hold waits for a request to take it over; zero places none. {@code
     * keepFor}: how long one reservation may stay a standing hold kept in place, request after request (zero: never
     * kept, each settlement places a new one); it must end well before the sweep of holds over the maximum request age
     * ({@link BillingPolicy#overAgeCutoff}).
     */
    public StandingHoldsService(
            BalancePort balances, ClockPort clock, InstanceId instance, Duration idleAfter, Duration keepFor) {
        this.balances = Objects.requireNonNull(balances, "balances");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.instance = Objects.requireNonNull(instance, "instance");
        this.idleAfter = Objects.requireNonNull(idleAfter, "idle time");
        this.keepFor = Objects.requireNonNull(keepFor, "keep time");
        if (idleAfter.isNegative() || keepFor.isNegative()) {
            throw new IllegalArgumentException("the standing hold idle and keep times are zero (off) or positive");
        }
        this.placing = !idleAfter.isZero();
    }

    /** Standing holds turned off: none is placed, so none is taken over or released. */
    public static StandingHoldsService off(BalancePort balances, ClockPort clock) {
        return new StandingHoldsService(balances, clock, InstanceId.random(), Duration.ZERO, Duration.ZERO);
    }

    /**
     * One of the key's standing holds, taken over by a request that may cost up to {@code maxCost}; empty when there is
     * none that covers it (one that does not is released: the request holds for itself, and its settlement places a
     * larger). A request that finds none makes the key want one more.
     */
    Optional<PaymentHold> takeOver(ApiKeyId key, Msats maxCost) {
        KeyHolds holds = byKey.get(key);
        if (holds == null) {
            return Optional.empty();
        }
        Standing standing;
        synchronized (holds) {
            holds.lastUsed = clock.now();
            holds.lastAsked = maxCost;
            standing = holds.standing.pollLast();
            if (standing == null) {
                if (!holds.closed) {
                    holds.wanted = Math.min(MAX_PER_KEY, holds.wanted + 1);
                }
                return Optional.empty();
            }
        }
        Instant now = clock.now();
        boolean expired =
                standing.keyValidUntil().filter(until -> !until.isAfter(now)).isPresent();
        if (expired || standing.amount().isLessThan(maxCost)) {
            release(standing);
            return Optional.empty();
        }
        takenOver.incrementAndGet();
        return Optional.of(new PaymentHold(
                standing.reservation(),
                standing.amount(),
                Optional.of(new PaymentHold.Standing(standing.heldSince(), standing.keyValidUntil()))));
    }

    /**
     * Settles {@code hold} at {@code cost} and, when the key wants another standing hold and its balance as last seen
     * allows, places it in the same step. The result is the settlement's, as if nothing followed it.
     */
    SettleOutcome settle(ApiKeyId key, PaymentHold hold, Msats cost, ChargeDetails details) {
        return SettleRequestService.outcomeOf(settled(key, hold, cost, details));
    }

    private SettleResult settled(ApiKeyId key, PaymentHold hold, Msats cost, ChargeDetails details) {
        Instant now = clock.now();
        Msats next = sized(key, hold).times(2);
        KeyHolds holds = placing && affords(key, next) ? startPlacing(key) : null;
        if (holds == null) {
            return remembered(key, balances.settle(hold.reservation(), cost, details, now));
        }
        if (keepable(key, hold, cost, next, now)) {
            Optional<SettleResult> kept;
            try {
                kept = balances.chargeKeepingHold(
                        hold.reservation(), balances.newReservationId(key), key, cost, details, now);
            } catch (RuntimeException failed) {
                donePlacing(holds, Optional.empty());
                throw failed;
            }
            if (kept.isPresent()) {
                PaymentHold.Standing was = hold.standing().orElseThrow();
                keptInPlace.incrementAndGet();
                donePlacing(
                        holds,
                        Optional.of(new Standing(
                                hold.reservation(), hold.amount(), now, was.keyValidUntil(), was.heldSince())));
                return remembered(key, kept.get());
            }
            // Not kept (the key's terms or balance changed, the hold is gone): settled and placed anew, as below.
        }
        SettledAndHeld result;
        try {
            result = balances.settleAndHoldNext(hold.reservation(), cost, details, key, next, instance, now);
        } catch (RuntimeException failed) {
            donePlacing(holds, Optional.empty());
            throw failed;
        }
        donePlacing(
                holds,
                result.next()
                        .map(placed -> new Standing(
                                placed.reservation().id(),
                                placed.reservation().amount(),
                                now,
                                placed.keyValidUntil(),
                                now)));
        return remembered(key, result.settled());
    }

    /**
     * Whether the standing hold a request took over may be kept in place for the key's next request: the request costs
     * something and no more than the hold; the hold is about the size the key's requests now want ({@code next} up to
     * twice it), the key's balance as last seen leaves it free, the key has not expired and the reservation is younger
     * than {@code keepFor}.
     */
    private boolean keepable(ApiKeyId key, PaymentHold hold, Msats cost, Msats next, Instant now) {
        if (hold.standing().isEmpty() || !cost.isPositive() || hold.amount().isLessThan(cost)) {
            return false;
        }
        PaymentHold.Standing standing = hold.standing().get();
        return !hold.amount().isLessThan(next)
                && !hold.amount().isGreaterThan(next.times(2))
                && affords(key, hold.amount())
                && standing.keyValidUntil().filter(until -> !until.isAfter(now)).isEmpty()
                && standing.heldSince().plus(keepFor).isAfter(now);
    }

    /**
     * What a request of the key may cost, as far as this settlement can tell: the hold it settles (what it asked, if the
     * hold is its own), but no more than the latest request of the key asked.
     */
    private Msats sized(ApiKeyId key, PaymentHold hold) {
        KeyHolds holds = byKey.get(key);
        if (holds == null) {
            return hold.amount();
        }
        synchronized (holds) {
            return holds.lastAsked.isPositive() && holds.lastAsked.isLessThan(hold.amount())
                    ? holds.lastAsked
                    : hold.amount();
        }
    }

    /** The key's holds with one more counted as being placed, when it wants more than it keeps and is getting; else null. */
    private KeyHolds startPlacing(ApiKeyId key) {
        KeyHolds holds = byKey.computeIfAbsent(key, k -> new KeyHolds());
        synchronized (holds) {
            if (holds.closed || holds.standing.size() + holds.beingPlaced >= holds.wanted) {
                return null;
            }
            holds.beingPlaced++;
            return holds;
        }
    }

    /** A placement done: its hold kept, or released when the key's holds were closed meanwhile or placing stopped. */
    private void donePlacing(KeyHolds holds, Optional<Standing> placed) {
        boolean kept;
        synchronized (holds) {
            holds.beingPlaced--;
            kept = placed.isPresent() && placing && !holds.closed;
            if (kept) {
                holds.standing.addLast(placed.get());
                holds.lastUsed = placed.get().placedAt();
            }
        }
        if (placed.isPresent() && !kept) {
            release(placed.get());
        }
    }

    /** Releases the key's standing holds on this instance, if it has any: something needs its whole balance. */
    public boolean releaseFor(ApiKeyId key) {
        return releaseKept(key) > 0;
    }

    /**
     * Forgets the key's holds and releases every one it kept; how many were released. A hold being placed is released by
     * its placer, who finds the key's holds closed.
     */
    private int releaseKept(ApiKeyId key) {
        KeyHolds holds = byKey.remove(key);
        if (holds == null) {
            return 0;
        }
        int released = 0;
        for (Standing standing : holds.close()) {
            if (release(standing)) {
                released++;
            }
        }
        return released;
    }

    /** Standing holds this instance keeps now. */
    public int held() {
        int held = 0;
        for (KeyHolds holds : byKey.values()) {
            synchronized (holds) {
                held += holds.standing.size();
            }
        }
        return held;
    }

    /** Requests that took a standing hold over instead of holding for themselves, since the start. */
    public long takenOver() {
        return takenOver.get();
    }

    /** Requests charged with the standing hold they took over kept in place for the key's next, since the start. */
    public long keptInPlace() {
        return keptInPlace.get();
    }

    @Override
    public int releaseIdle() {
        Instant idleSince = clock.now().minus(idleAfter);
        int released = 0;
        for (Map.Entry<ApiKeyId, KeyHolds> entry : byKey.entrySet()) {
            KeyHolds holds = entry.getValue();
            List<Standing> idle = new ArrayList<>();
            synchronized (holds) {
                // The oldest first: the newest are taken over first, so the idle ones are at the head.
                while (!holds.standing.isEmpty()
                        && holds.standing.peekFirst().placedAt().isBefore(idleSince)) {
                    idle.add(holds.standing.pollFirst());
                    holds.wanted = Math.max(1, holds.wanted - 1);
                }
                if (holds.standing.isEmpty() && holds.beingPlaced == 0 && holds.lastUsed.isBefore(idleSince)) {
                    // Nothing kept for the key and no request of it lately: forgotten, so that the map holds only
                    // keys in use (a key back later starts again from one).
                    holds.closed = true;
                    byKey.remove(entry.getKey(), holds);
                }
            }
            for (Standing standing : idle) {
                try {
                    if (releaseNow(standing)) {
                        released++;
                    }
                } catch (RuntimeException failed) {
                    // Kept for the next pass, unless the key's holds were closed meanwhile (then it waits for the
                    // sweeps).
                    keepAgain(entry.getKey(), standing);
                    log.warn("Could not release an idle standing hold, trying again: {}", failed.toString());
                }
            }
        }
        return released;
    }

    /** An idle hold whose release failed, kept at the head of its key's holds for the next pass. */
    private void keepAgain(ApiKeyId key, Standing standing) {
        KeyHolds holds = byKey.computeIfAbsent(key, k -> new KeyHolds());
        synchronized (holds) {
            if (!holds.closed) {
                holds.standing.addFirst(standing);
            }
        }
    }

    @Override
    public int releaseAll() {
        placing = false;
        int released = 0;
        for (ApiKeyId key : byKey.keySet()) {
            released += releaseKept(key);
        }
        return released;
    }

    /** Whether the key's balance as last seen leaves {@code next} free after it is held. */
    private boolean affords(ApiKeyId key, Msats next) {
        Msats seen = spendableSeen.get(key);
        return seen != null && !seen.isLessThan(next.times(2));
    }

    private SettleResult remembered(ApiKeyId key, SettleResult result) {
        if (result instanceof SettleResult.Charged charged) {
            if (spendableSeen.size() >= MAX_REMEMBERED_KEYS) {
                spendableSeen.clear();
            }
            spendableSeen.put(key, charged.remainingSpendable());
        }
        return result;
    }

    /**
     * Releases a standing hold; whether it was. One that cannot be released now (the database is away) is freed by the
     * sweep of holds over the maximum request age, or of this instance once it stops.
     */
    private boolean release(Standing standing) {
        try {
            return releaseNow(standing);
        } catch (RuntimeException failed) {
            log.warn(
                    "Could not release a standing hold of {} msats: {}",
                    standing.amount().value(),
                    failed.toString());
            return false;
        }
    }

    private boolean releaseNow(Standing standing) {
        return balances.release(standing.reservation(), clock.now()) == BalancePort.ReleaseResult.RELEASED;
    }
}

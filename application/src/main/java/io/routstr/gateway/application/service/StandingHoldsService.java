package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.billing.ReleaseStandingHoldsUseCase;
import io.routstr.gateway.application.port.in.billing.SettleOutcome;
import io.routstr.gateway.application.port.in.proxy.RequestPayer.PaymentHold;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.BalancePort.NextHold;
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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standing holds: when a key's request is settled, the same database round trip holds twice what that request held,
 * for the key's next request, which then takes the hold over instead of making a round trip of its own before it is
 * forwarded. A client that sends its requests one after another (an agent's loop, a script) pays one round trip per
 * request, not two.
 *
 * <p>A standing hold is an ordinary ACTIVE reservation of this instance: it keeps the key from spending what it holds,
 * a dead instance's are released by the stale-reservation sweep, and the request that takes it over settles it as its
 * own. This instance keeps at most one per key, in memory. It is placed only for a key that pays for itself without a
 * limit and has not expired (the hold's own statement checks it), and only when the key's balance, as last seen, is at
 * least twice the hold, so that it rarely stands in the way of the key's other requests; a hold refused for want of
 * balance while one stands is tried again without it. It is released when no request took it over within the idle
 * time, when a request needs more than it holds, before anything that needs the key's whole balance on this instance (a
 * refund, child keys, a change of the key's terms), and when the instance stops. The key's balance as the API shows
 * it counts standing holds as spendable, whichever instance keeps them (they are marked so in the database). A refund
 * on this instance releases this instance's; another instance's stands in its way until it is taken over or idles out,
 * as a request in flight there would.
 */
public final class StandingHoldsService implements ReleaseStandingHoldsUseCase {

    private static final Logger log = LoggerFactory.getLogger(StandingHoldsService.class);

    /** Keys whose last seen balance is remembered; past this the memory starts over (a key then skips one hold). */
    private static final int MAX_REMEMBERED_KEYS = 100_000;

    /** A standing hold's reservation, what it holds, when it was placed and the key's expiry as it saw it. */
    private record Standing(
            ReservationId reservation, Msats amount, Instant placedAt, Optional<Instant> keyValidUntil) {}

    /** Marks a key whose standing hold is being placed, so that concurrent settlements place one, not one each. */
    private static final Standing PLACING =
            new Standing(ReservationId.next(), Msats.ZERO, Instant.EPOCH, Optional.empty());

    private final BalancePort balances;
    private final ClockPort clock;
    private final InstanceId instance;
    private final Duration idleAfter;
    private final Map<ApiKeyId, Standing> byKey = new ConcurrentHashMap<>();
    private final Map<ApiKeyId, Msats> spendableSeen = new ConcurrentHashMap<>();
    private final AtomicLong takenOver = new AtomicLong();
    private volatile boolean placing;

    /** {@code idleAfter}: how long a standing hold waits for a request to take it over; zero places none. */
    public StandingHoldsService(BalancePort balances, ClockPort clock, InstanceId instance, Duration idleAfter) {
        this.balances = Objects.requireNonNull(balances, "balances");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.instance = Objects.requireNonNull(instance, "instance");
        this.idleAfter = Objects.requireNonNull(idleAfter, "idle time");
        if (idleAfter.isNegative()) {
            throw new IllegalArgumentException("the standing hold idle time is zero (off) or positive");
        }
        this.placing = !idleAfter.isZero();
    }

    /** Standing holds turned off: none is placed, so none is taken over or released. */
    public static StandingHoldsService off(BalancePort balances, ClockPort clock) {
        return new StandingHoldsService(balances, clock, InstanceId.random(), Duration.ZERO);
    }

    /**
     * The key's standing hold, taken over by a request that may cost up to {@code maxCost}; empty when there is none
     * that covers it (one that does not is released: the request holds for itself, and its settlement places a larger).
     */
    Optional<PaymentHold> takeOver(ApiKeyId key, Msats maxCost) {
        Standing[] taken = new Standing[1];
        byKey.computeIfPresent(key, (k, standing) -> {
            if (standing == PLACING) {
                return standing;
            }
            taken[0] = standing;
            return null;
        });
        Standing standing = taken[0];
        if (standing == null) {
            return Optional.empty();
        }
        Instant now = clock.now();
        boolean expired =
                standing.keyValidUntil().filter(until -> !until.isAfter(now)).isPresent();
        if (expired || standing.amount().isLessThan(maxCost)) {
            release(standing);
            return Optional.empty();
        }
        takenOver.incrementAndGet();
        return Optional.of(new PaymentHold(standing.reservation(), standing.amount()));
    }

    /**
     * Settles {@code hold} at {@code cost} and, when the key's balance as last seen allows, places its standing hold in
     * the same step. The result is the settlement's, as if nothing followed it.
     */
    SettleOutcome settle(ApiKeyId key, PaymentHold hold, Msats cost, ChargeDetails details) {
        return SettleRequestService.outcomeOf(settled(key, hold, cost, details));
    }

    private SettleResult settled(ApiKeyId key, PaymentHold hold, Msats cost, ChargeDetails details) {
        Instant now = clock.now();
        Msats next = hold.amount().times(2);
        if (!placing || !affords(key, next) || byKey.putIfAbsent(key, PLACING) != null) {
            return remembered(key, balances.settle(hold.reservation(), cost, details, now));
        }
        SettledAndHeld result;
        try {
            result = balances.settleAndHoldNext(hold.reservation(), cost, details, key, next, instance, now);
        } catch (RuntimeException failed) {
            byKey.remove(key, PLACING);
            throw failed;
        }
        if (result.next().isEmpty()) {
            byKey.remove(key, PLACING);
        } else {
            NextHold placed = result.next().get();
            Standing standing =
                    new Standing(placed.reservation().id(), placed.reservation().amount(), now, placed.keyValidUntil());
            // Released meanwhile (a refund of the key, the instance stopping): the new one must go too.
            if (!placing || !byKey.replace(key, PLACING, standing)) {
                byKey.remove(key, PLACING);
                release(standing);
            }
        }
        return remembered(key, result.settled());
    }

    /** Releases the key's standing hold on this instance, if it has one: something needs its whole balance. */
    public boolean releaseFor(ApiKeyId key) {
        Standing standing = byKey.remove(key);
        // A hold being placed is released by its placer, who finds its mark gone.
        return standing != null && standing != PLACING && release(standing);
    }

    /** Standing holds this instance keeps now. */
    public int held() {
        return (int)
                byKey.values().stream().filter(standing -> standing != PLACING).count();
    }

    /** Requests that took a standing hold over instead of holding for themselves, since the start. */
    public long takenOver() {
        return takenOver.get();
    }

    @Override
    public int releaseIdle() {
        Instant idleSince = clock.now().minus(idleAfter);
        int released = 0;
        for (Map.Entry<ApiKeyId, Standing> entry : byKey.entrySet()) {
            Standing standing = entry.getValue();
            if (standing == PLACING
                    || !standing.placedAt().isBefore(idleSince)
                    || !byKey.remove(entry.getKey(), standing)) {
                continue;
            }
            try {
                if (releaseNow(standing)) {
                    released++;
                }
            } catch (RuntimeException failed) {
                // Kept for the next pass, unless the key has a newer one (then this one waits for the sweeps).
                byKey.putIfAbsent(entry.getKey(), standing);
                log.warn("Could not release an idle standing hold, trying again: {}", failed.toString());
            }
        }
        return released;
    }

    @Override
    public int releaseAll() {
        placing = false;
        int released = 0;
        for (ApiKeyId key : byKey.keySet()) {
            if (releaseFor(key)) {
                released++;
            }
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

package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.LimitResetPeriod;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.InstanceId;
import io.routstr.gateway.domain.reservation.Reservation;
import io.routstr.gateway.domain.reservation.ReservationId;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Port: every change to a balance. Each method is one short atomic step (a single transaction in a database) that
 * checks its condition and moves the money together, and records the movement in the ledger, so that several gateway
 * instances on one database can call it at once.
 */
public interface BalancePort {

    /** Adds {@code amount} to the key and books a DEPOSIT, once per {@code reference}. */
    CreditResult credit(ApiKeyId keyId, Msats amount, String reference, Instant now);

    /**
     * Stores the new top-level {@code key} with {@code amount} credited (a DEPOSIT under {@code reference}) in one
     * transaction, so a key made for a deposit never exists without it. When a key with the same hash exists, nothing
     * is stored and that key is returned for an ordinary {@link #credit}.
     */
    OpenFundedResult openFunded(ApiKey key, Msats amount, String reference, Instant now);

    /**
     * A fresh id for a hold on {@code billingKey}'s balance, to pass to {@link #reserve}. The adapter may name in it
     * where the hold's settlement and release run (group commit over several writers: the billing key's writer, where
     * this key's other holds run), so a caller that draws its own id still settles correctly, only not there.
     */
    ReservationId newReservationId(ApiKeyId billingKey);

    /**
     * Holds {@code reservation.amount()} on the billing key if its spendable balance covers it and its limit allows;
     * for a child key also within the child's own limit. Stores the reservation ACTIVE.
     */
    ReserveResult reserve(Reservation reservation, Instant now);

    /**
     * Admits and reserves for a key known by its id alone, as one unit of work (one database round trip on the paid
     * path): reads the key and its parent and, unless one of them has expired or has a limit period due to start over
     * (in {@code zone}), holds {@code amount} for it as {@link #reserve} does, for a request served by {@code instance}.
     *
     * <p>The hold may reach the disk only with the next commit that waits for it (the settlement's, or {@link
     * #makeDurable}'s): a crash of the database may lose it, then only together with everything committed after it.
     * Its caller lets nothing the hold pays for reach a client before one of those.
     */
    KeyReserveResult reserveForKey(ApiKeyId keyId, Msats amount, InstanceId instance, Instant now, ZoneId zone);

    /**
     * Makes sure the hold of reservation {@code id} is on disk, where a crash of the database keeps it: a stream does so
     * before its first byte, since what it sends is paid for only at its end. Whether the reservation is still ACTIVE;
     * {@code false} when it is gone (a crash lost it) or finished.
     */
    boolean makeDurable(ReservationId id);

    /**
     * Moves an ACTIVE reservation to CHARGED and takes {@code cost} from the billing balance, never more than the
     * balance not held by other requests; what cannot be taken is booked as SHORTFALL. A reservation the sweep already
     * released is still charged (once), from the spendable balance: a slow request is not free. Either way {@code
     * cost} is booked whole, as CHARGE plus SHORTFALL (the part no balance covered), so no msat is created or lost.
     * {@code details} (model, provider, tokens) are booked on the CHARGE entry, or on the SHORTFALL entry when nothing
     * could be charged, in the same step.
     */
    SettleResult settle(ReservationId id, Msats cost, ChargeDetails details, Instant now);

    /** {@link #settle(ReservationId, Msats, ChargeDetails, Instant)} for a charge booked without its details. */
    default SettleResult settle(ReservationId id, Msats cost, Instant now) {
        return settle(id, cost, ChargeDetails.NONE, now);
    }

    /**
     * {@link #settle} and, in the same unit of work (one database round trip when nothing else waits for the database),
     * a hold of {@code nextAmount} on {@code keyId} for a request not yet made, served by {@code instance}: a standing
     * hold, which the key's next request may take over instead of holding for itself. It is taken only for a key that
     * pays for itself without a limit and has not expired, and only from the balance left after the settlement; it is
     * an ordinary ACTIVE reservation from then on. {@code next} is empty when it was not taken. The settlement's result
     * is that of {@link #settle}, as if no hold followed it.
     */
    SettledAndHeld settleAndHoldNext(
            ReservationId id,
            Msats cost,
            ChargeDetails details,
            ApiKeyId keyId,
            Msats nextAmount,
            InstanceId instance,
            Instant now);

    /**
     * Charges one request's {@code cost} to the key of the standing hold {@code hold}, which the request took over, and
     * leaves that hold as it was, ACTIVE, for the key's next request: a CHARGE of {@code cost} booked under {@code
     * charge} (the request's own id, from {@link #newReservationId}) and the cost taken from the balance, in one step,
     * where {@link #settleAndHoldNext} finishes the hold and places another. It does so only when the hold is an ACTIVE
     * standing hold of {@code keyId}, the key pays for itself without a limit and has not expired, the cost is positive
     * and within the hold, and the balance left still covers everything the key holds (the hold included): exactly
     * when settling the hold and holding the same amount again would have succeeded. Once per {@code charge}: asked
     * again, it answers {@link SettleResult.AlreadySettled} with what was charged. Empty when it did nothing, so that
     * the caller settles the hold instead. Its {@link SettleResult.Charged#remainingSpendable} counts the kept hold as
     * spendable, as a settlement's would have before the next hold.
     */
    Optional<SettleResult> chargeKeepingHold(
            ReservationId hold, ReservationId charge, ApiKeyId keyId, Msats cost, ChargeDetails details, Instant now);

    /**
     * Moves an ACTIVE reservation to RELEASED and frees its amount. A standing hold released so (idle, before a refund,
     * at shutdown) stays marked standing: no request used it, and the usage counts it as none.
     */
    ReleaseResult release(ReservationId id, Instant now);

    /**
     * {@link #release} of a request's hold, given back because the request failed (or holds anew for a pricier
     * fallback): a standing hold the request took over is marked as the request's own, no longer standing, so that
     * the usage counts it as a request given back, as it counts a request's own hold released.
     */
    ReleaseResult releaseRequest(ReservationId id, Instant now);

    /**
     * {@link #release} of a request's hold given back because the request holds anew, for a pricier fallback: the
     * request goes on under the hold that replaces this one and is counted by it, so this one is marked as no
     * request's (standing, as a standing hold no request used), whether the request had placed it or taken it over.
     */
    ReleaseResult releaseSuperseded(ReservationId id, Instant now);

    /**
     * Releases up to {@code limit} ACTIVE reservations whose request can no longer settle: created before {@code
     * silentSince} and served by an instance no longer known to be alive at {@code now}, or by none ({@link
     * Reservation#isSilent}); optionally only those of one billing key. A request whose instance still beats keeps its
     * hold however old it is. Reservations another caller is working on are skipped.
     */
    int releaseStale(Instant silentSince, Optional<ApiKeyId> billingKey, int limit, Instant now);

    /**
     * Releases up to {@code limit} ACTIVE reservations created before {@code startedBefore}, live instance or not: the
     * holds of requests that outlived the maximum request lifetime ({@link Reservation#isOverAge}).
     */
    int releaseOverAge(Instant startedBefore, int limit, Instant now);

    /**
     * Takes {@code amount} off a key for a payout, only if its balance is still {@code expectedBalance} and nothing is
     * reserved (compare-and-set), booking {@code type} (REFUND or WITHDRAWAL).
     */
    DebitResult debitForPayout(
            ApiKeyId keyId, Msats expectedBalance, Msats amount, LedgerEntryType type, String reference, Instant now);

    /** Puts back a payout debit whose payout failed, booking a REVERSAL, once per {@code reference}. */
    void reverseDebit(ApiKeyId keyId, Msats amount, String reference, Instant now);

    /** Books a MINT_FEE the node paid (owner-side: no balance moves), once per {@code reference}. */
    void bookMintFee(Msats fee, String reference, Instant now);

    /**
     * Charges {@code totalFee} to the parent (from its spendable balance) and stores the children, together: either
     * all children exist and the fee is paid, or neither.
     */
    ChildKeysResult createChildKeys(ApiKeyId parentId, Msats totalFee, List<ApiKey> children, Instant now);

    /** Starts the key's limit period over (spent in period = 0) if it last started before {@code periodStart}. */
    boolean resetLimitPeriod(ApiKeyId keyId, Instant periodStart, Instant now);

    /** Starts over, in one statement, every key of {@code period} whose last reset precedes {@code periodStart}. */
    int resetLimitPeriods(LimitResetPeriod period, Instant periodStart, Instant now);

    /** Outcome of opening a funded key. */
    sealed interface OpenFundedResult {
        /** The key now exists, credited. */
        record Opened(ApiKey key) implements OpenFundedResult {}

        /** A key with this hash existed already; nothing was stored or credited. */
        record Exists(ApiKey key) implements OpenFundedResult {}
    }

    /** Outcome of a credit. */
    enum CreditResult {
        CREDITED,
        ALREADY_CREDITED,
        UNKNOWN_KEY
    }

    /** Outcome of a reservation attempt. */
    sealed interface ReserveResult {
        record Reserved(Reservation reservation) implements ReserveResult {}

        record InsufficientBalance(Msats available) implements ReserveResult {}

        record LimitExceeded(ApiKeyId limitedKey) implements ReserveResult {}

        record UnknownKey() implements ReserveResult {}
    }

    /** Outcome of {@link #reserveForKey}. */
    sealed interface KeyReserveResult {
        /** The key was read and a hold tried: {@code result} says whether it was taken. */
        record Tried(ApiKey key, ReserveResult result) implements KeyReserveResult {}

        /** The key, or its parent, expired at {@code validUntil}; nothing was held. */
        record Expired(Instant validUntil) implements KeyReserveResult {}

        /**
         * The key's or its parent's limit period is due to start over; nothing was held. The caller starts it over and
         * reserves with {@link #reserve}.
         */
        record LimitPeriodDue(ApiKey key) implements KeyReserveResult {}

        record UnknownKey() implements KeyReserveResult {}
    }

    /** Outcome of a settlement. */
    sealed interface SettleResult {
        record Charged(Msats charged, Msats shortfall, Msats remainingSpendable) implements SettleResult {}

        record AlreadySettled(Msats charged) implements SettleResult {}

        record NotFound() implements SettleResult {}
    }

    /** Outcome of {@link #settleAndHoldNext}: the settlement, and the hold for the key's next request if it was taken. */
    record SettledAndHeld(SettleResult settled, Optional<NextHold> next) {}

    /** A hold taken for a key's next request, and the key's expiry as the hold saw it. */
    record NextHold(Reservation reservation, Optional<Instant> keyValidUntil) {}

    /** Outcome of a release. */
    enum ReleaseResult {
        RELEASED,
        ALREADY_FINAL,
        NOT_FOUND
    }

    /** Outcome of a payout debit. */
    enum DebitResult {
        DEBITED,
        BALANCE_CHANGED
    }

    /** Outcome of creating child keys. */
    enum ChildKeysResult {
        CREATED,
        INSUFFICIENT_BALANCE,
        UNKNOWN_PARENT
    }
}

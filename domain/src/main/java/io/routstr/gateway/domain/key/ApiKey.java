package io.routstr.gateway.domain.key;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A prepaid key: its balance (gross, reservations included), what is reserved for requests in flight, what it has
 * spent, and the rules it is billed under.
 *
 * <p>{@code totalSpent} counts everything the key ever spent; {@code periodSpent} what it spent since its limit last
 * started over, which is what the limit caps.
 *
 * <p>A child key holds no balance of its own; its requests are billed to its parent within the child's own limit.
 * Balances change only through the persistence port's atomic operations; this type is the snapshot they return.
 */
public record ApiKey(
        ApiKeyId id,
        KeyHash keyHash,
        Msats balance,
        Msats reserved,
        Msats totalSpent,
        Msats periodSpent,
        long totalRequests,
        Optional<ApiKeyId> parentId,
        Optional<BalanceLimit> balanceLimit,
        Optional<Instant> validUntil,
        RefundTarget refundTarget,
        Instant createdAt) {

    public ApiKey {
        Components.requireNonNull(
                ApiKey.class,
                id,
                keyHash,
                balance,
                reserved,
                totalSpent,
                periodSpent,
                parentId,
                balanceLimit,
                validUntil,
                refundTarget,
                createdAt);
        if (totalRequests < 0) {
            throw new IllegalArgumentException("total requests cannot be negative");
        }
        if (parentId.isPresent() && balance.isPositive()) {
            throw new IllegalArgumentException("a child key holds no balance; its parent pays");
        }
        if (parentId.isEmpty() && reserved.isGreaterThan(balance)) {
            throw new IllegalArgumentException("reserved exceeds balance");
        }
    }

    /** A new top-level key with nothing on it yet. */
    public static ApiKey open(ApiKeyId id, KeyHash hash, RefundTarget refundTarget, Instant now) {
        return fresh(id, hash, Optional.empty(), Optional.empty(), Optional.empty(), refundTarget, now);
    }

    /** A new child key billed to {@code parent}. */
    public static ApiKey childOf(
            ApiKey parent,
            ApiKeyId id,
            KeyHash hash,
            Optional<BalanceLimit> limit,
            Optional<Instant> validUntil,
            Instant now) {
        if (parent.isChild()) {
            throw new IllegalArgumentException("a child key cannot have children");
        }
        return fresh(id, hash, Optional.of(parent.id()), limit, validUntil, parent.refundTarget(), now);
    }

    public ApiKey withLimits(Optional<BalanceLimit> limit, Optional<Instant> until) {
        return withTerms(limit, until, refundTarget);
    }

    public ApiKey withRefundTarget(RefundTarget target) {
        return withTerms(balanceLimit, validUntil, target);
    }

    /**
     * This snapshot with {@code held} of what it has reserved shown as spendable: the hold the node keeps standing for
     * the key's next request is neither spent nor a request in flight. Never less than nothing reserved.
     */
    public ApiKey withStandingHoldFree(Msats held) {
        return new ApiKey(
                id,
                keyHash,
                balance,
                reserved.minusOrZero(held),
                totalSpent,
                periodSpent,
                totalRequests,
                parentId,
                balanceLimit,
                validUntil,
                refundTarget,
                createdAt);
    }

    /** A key with nothing spent, reserved or held yet. */
    private static ApiKey fresh(
            ApiKeyId id,
            KeyHash hash,
            Optional<ApiKeyId> parentId,
            Optional<BalanceLimit> limit,
            Optional<Instant> validUntil,
            RefundTarget refundTarget,
            Instant now) {
        return new ApiKey(
                id,
                hash,
                Msats.ZERO,
                Msats.ZERO,
                Msats.ZERO,
                Msats.ZERO,
                0,
                parentId,
                limit,
                validUntil,
                refundTarget,
                now);
    }

    /** This key with other terms set by its owner; its money and history stay. */
    private ApiKey withTerms(Optional<BalanceLimit> limit, Optional<Instant> until, RefundTarget target) {
        return new ApiKey(
                id,
                keyHash,
                balance,
                reserved,
                totalSpent,
                periodSpent,
                totalRequests,
                parentId,
                limit,
                until,
                target,
                createdAt);
    }

    public boolean isChild() {
        return parentId.isPresent();
    }

    /** The key whose balance pays for this key's requests. */
    public ApiKeyId billingKeyId() {
        return parentId.orElse(id);
    }

    /** What can still be reserved: the balance minus what requests in flight hold. */
    public Msats spendable() {
        return balance.minusOrZero(reserved);
    }

    public boolean isExpired(Instant now) {
        return validUntil.map(until -> !now.isBefore(until)).orElse(false);
    }

    /** Whether this key's limit period has ended at {@code now}, so that its spending starts over before a hold. */
    public boolean limitPeriodDue(Instant now, ZoneId zone) {
        return balanceLimit
                .map(limit -> limit.resetPeriod().isDue(limit.lastResetAt(), now, zone))
                .orElse(false);
    }

    /** Whether this key's own limit lets it take on {@code cost} more. */
    public boolean limitAllows(Msats cost) {
        return balanceLimit.map(l -> l.allows(periodSpent, reserved, cost)).orElse(true);
    }
}

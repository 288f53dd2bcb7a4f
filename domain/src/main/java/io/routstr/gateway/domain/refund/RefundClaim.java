package io.routstr.gateway.domain.refund;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.Optional;

/**
 * A refund as a durable claim (Routstr's {@code refunds} table, reference §17): the debit of {@code amount} from a key,
 * where it is paid ({@code target}: a token from the key's mint, or a Lightning address), the melt quote recorded
 * before a Lightning payment, and, once paid, the token handed out, so that a lost answer can be fetched again.
 *
 * <p>{@code token} is bearer ecash: never log it.
 */
public record RefundClaim(
        RefundId id,
        ApiKeyId keyId,
        Msats amount,
        RefundTarget target,
        RefundStatus status,
        Optional<QuoteId> quoteId,
        Optional<String> token,
        Instant createdAt,
        Instant updatedAt) {

    public RefundClaim {
        Components.requireNonNull(
                RefundClaim.class, id, keyId, amount, target, status, quoteId, token, createdAt, updatedAt);
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("a refund claim pays something");
        }
    }

    /** A new claim for {@code amount} of {@code keyId}, not yet debited. */
    public static RefundClaim open(ApiKeyId keyId, Msats amount, RefundTarget target, Instant now) {
        return new RefundClaim(
                RefundId.random(),
                keyId,
                amount,
                target,
                RefundStatus.OPEN,
                Optional.empty(),
                Optional.empty(),
                now,
                now);
    }

    /** Paid over Lightning to the target's address rather than as a token. */
    public boolean overLightning() {
        return target.lightningAddress() != null;
    }

    /** How the debit is booked: REFUND for ecash, WITHDRAWAL for Lightning. */
    public LedgerEntryType ledgerType() {
        return overLightning() ? LedgerEntryType.WITHDRAWAL : LedgerEntryType.REFUND;
    }

    @Override
    public String toString() {
        return "RefundClaim[id=" + id + ", keyId=" + keyId + ", amount=" + amount + ", status=" + status + "]";
    }
}

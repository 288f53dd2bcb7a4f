package io.routstr.gateway.domain.payout;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.Optional;

/**
 * A payout of the operator's own funds (proofs beyond customer liabilities) from one mint to the operator's Lightning
 * address ({@code RECEIVE_LN_ADDRESS}, Routstr §6.4). Always outgoing: it shows in the history with that direction.
 * The melt quote is stored before the melt, so a payout whose answer was lost is looked up rather than paid again.
 */
public record OwnerPayout(
        OwnerPayoutId id,
        MintUrl mint,
        CurrencyUnit unit,
        Msats amount,
        String lightningAddress,
        OwnerPayoutStatus status,
        Optional<QuoteId> quoteId,
        Instant createdAt,
        Instant updatedAt) {

    /** Owner payouts only ever leave the node (Routstr's {@code lightning_invoices.direction}). */
    public static final String DIRECTION = "outgoing";

    public OwnerPayout {
        Components.requireNonNull(
                OwnerPayout.class, id, mint, unit, amount, lightningAddress, status, quoteId, createdAt, updatedAt);
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("a payout carries a positive amount");
        }
        if (lightningAddress.isBlank()) {
            throw new IllegalArgumentException("a payout needs a Lightning address");
        }
    }

    /** A new payout, checkpointed before anything is paid. */
    public static OwnerPayout open(MintUrl mint, CurrencyUnit unit, Msats amount, String address, Instant now) {
        return new OwnerPayout(
                OwnerPayoutId.random(),
                mint,
                unit,
                amount,
                address,
                OwnerPayoutStatus.OPEN,
                Optional.empty(),
                now,
                now);
    }

    public String direction() {
        return DIRECTION;
    }
}

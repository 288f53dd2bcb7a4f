package io.routstr.gateway.domain.lightning;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.BalanceLimit;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.Optional;

/**
 * A Lightning invoice the node handed out: a mint's NUT-04 quote that, once paid, is minted into the node's wallet and
 * credited to a key, exactly once.
 *
 * @param id the stored handle of the id the client polls with ({@link InvoiceCapability#handle()}); the id itself
 *     is never stored
 * @param topUpKey the key a top-up credits; empty for an invoice that creates a new key
 * @param createdKeyHash the hash of the key a create invoice opens once paid; empty for a top-up
 */
public record LightningInvoice(
        String id,
        String bolt11,
        QuoteId quoteId,
        MintUrl mint,
        CurrencyUnit unit,
        long amountSats,
        Purpose purpose,
        Optional<ApiKeyId> topUpKey,
        Optional<KeyHash> createdKeyHash,
        Optional<BalanceLimit> limit,
        Optional<Instant> validUntil,
        InvoiceState state,
        Instant createdAt,
        Instant expiresAt,
        Optional<Instant> paidAt) {

    public static final long MAX_AMOUNT_SATS = 1_000_000;

    public LightningInvoice {
        Components.requireNonNull(
                LightningInvoice.class,
                id,
                bolt11,
                quoteId,
                mint,
                unit,
                purpose,
                topUpKey,
                createdKeyHash,
                limit,
                validUntil,
                state,
                createdAt,
                expiresAt,
                paidAt);
        if (amountSats < 1 || amountSats > MAX_AMOUNT_SATS) {
            throw new IllegalArgumentException("an invoice is for 1 to " + MAX_AMOUNT_SATS + " sats");
        }
        if ((purpose == Purpose.TOPUP) != topUpKey.isPresent()) {
            throw new IllegalArgumentException("a top-up invoice names its key; a create invoice does not");
        }
        if ((purpose == Purpose.CREATE) != createdKeyHash.isPresent()) {
            throw new IllegalArgumentException(
                    "a create invoice holds the hash of the key it opens; a top-up does not");
        }
    }

    /** What paying the invoice does. */
    public enum Purpose {
        CREATE,
        TOPUP
    }

    /**
     * PENDING until paid or expired; SETTLEMENT_PENDING while the node mints and credits it (a crash leaves it there
     * to be finished); PAID once credited; EXPIRED after its expiry, still credited if paid within the grace window;
     * FAILED when the mint reports the quote issued although this node never minted it (whoever else held the quote id
     * took the ecash), never to be credited.
     */
    public enum InvoiceState {
        PENDING,
        SETTLEMENT_PENDING,
        PAID,
        EXPIRED,
        CANCELLED,
        RECONCILIATION_REQUIRED,
        FAILED
    }

    public boolean isOverdue(Instant now) {
        return state == InvoiceState.PENDING && !now.isBefore(expiresAt);
    }
}

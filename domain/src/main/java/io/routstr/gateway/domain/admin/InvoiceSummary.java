package io.routstr.gateway.domain.admin;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.Optional;

/** A Lightning invoice the node handed out, as the operator's list shows it. */
public record InvoiceSummary(
        String id,
        MintUrl mint,
        long amountSats,
        String purpose,
        String state,
        Instant createdAt,
        Instant expiresAt,
        Optional<Instant> paidAt) {

    public InvoiceSummary {
        Components.requireNonNull(InvoiceSummary.class, id, mint, purpose, state, createdAt, expiresAt, paidAt);
    }
}

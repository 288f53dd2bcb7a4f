package io.routstr.gateway.domain.admin;

import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.Objects;
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
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mint, "mint");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "created at");
        Objects.requireNonNull(expiresAt, "expires at");
        Objects.requireNonNull(paidAt, "paid at");
    }
}

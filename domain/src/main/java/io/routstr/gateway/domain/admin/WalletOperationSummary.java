package io.routstr.gateway.domain.admin;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.UUID;

/**
 * One Cashu operation of the wallet (receive, send, melt, mint) as the operator's list shows it: where it stands, and
 * what it settled in the mint's unit.
 */
public record WalletOperationSummary(
        UUID id,
        String kind,
        MintUrl mint,
        CurrencyUnit unit,
        String state,
        long settledAmount,
        Instant createdAt,
        Instant updatedAt) {

    public WalletOperationSummary {
        Components.requireNonNull(WalletOperationSummary.class, id, kind, mint, unit, state, createdAt, updatedAt);
    }
}

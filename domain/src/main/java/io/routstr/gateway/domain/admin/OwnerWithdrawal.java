package io.routstr.gateway.domain.admin;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A withdrawal of owner funds by the operator, in the unit of its mint. While {@code CLAIMED} or {@code UNKNOWN} it
 * counts against the owner funds left at its mint, so no second withdrawal can pay out the same funds.
 */
public record OwnerWithdrawal(
        UUID id,
        MintUrl mint,
        CurrencyUnit unit,
        long amount,
        Destination destination,
        State state,
        Optional<String> detail,
        Instant createdAt) {

    public OwnerWithdrawal {
        Components.requireNonNull(OwnerWithdrawal.class, id, mint, unit, destination, state, detail, createdAt);
        if (amount <= 0) {
            throw new IllegalArgumentException("a withdrawal moves a positive amount");
        }
    }

    /** Where the funds go. */
    public enum Destination {
        TOKEN,
        LIGHTNING
    }

    /** Where a withdrawal stands. */
    public enum State {
        /** Claimed against the owner funds; the wallet has been or is being asked to pay. */
        CLAIMED,
        PAID,
        /** Definitely not paid: the claim no longer counts. */
        FAILED,
        /** The mint may or may not have paid; the claim keeps counting until someone looks. */
        UNKNOWN
    }
}

package io.routstr.gateway.domain.payout;

import java.util.Objects;
import java.util.UUID;

/** Identifies one payout of owner funds; its ledger reference books it once. */
public record OwnerPayoutId(UUID value) {

    public OwnerPayoutId {
        Objects.requireNonNull(value, "value");
    }

    public static OwnerPayoutId random() {
        return new OwnerPayoutId(UUID.randomUUID());
    }

    /** The reference under which the payout's ledger entry and the wallet's melt are recorded. */
    public String ledgerReference() {
        return "payout:" + value;
    }
}

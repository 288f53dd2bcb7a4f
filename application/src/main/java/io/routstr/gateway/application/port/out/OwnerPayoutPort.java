package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.payout.OwnerPayout;
import io.routstr.gateway.domain.payout.OwnerPayoutId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: payouts of owner funds as durable checkpoints. At most one payout is unfinished at a time across all instances,
 * every step is a compare-and-set on its status, and the ledger's PAYOUT entry is booked with the step that marks it
 * paid, so a payout is never booked (or paid) twice.
 */
public interface OwnerPayoutPort {

    /** Stores {@code payout} as {@code OPEN}; false (nothing stored) when another payout is unfinished. */
    boolean open(OwnerPayout payout);

    /** The payout that is {@code OPEN} or {@code UNRESOLVED}, if any. */
    Optional<OwnerPayout> findUnfinished();

    Optional<OwnerPayout> find(OwnerPayoutId id);

    /** Stores the melt quote of an {@code OPEN} payout before paying it; false if it is no longer open. */
    boolean recordQuote(OwnerPayoutId id, QuoteId quoteId, Instant now);

    /** {@code OPEN → UNRESOLVED}; false if it was not open. */
    boolean markUnresolved(OwnerPayoutId id, Instant now);

    /** In one transaction: {@code OPEN | UNRESOLVED → PAID} and its PAYOUT ledger entry; false if already final. */
    boolean markPaid(OwnerPayoutId id, Instant now);

    /** {@code OPEN | UNRESOLVED → FAILED}; false if already final. */
    boolean markFailed(OwnerPayoutId id, Instant now);

    /**
     * Customer money already debited from keys but not yet paid out: refunds at {@code mint} in {@code unit} that are not
     * final. Their proofs are still in the wallet, and they are not owner funds.
     */
    Msats refundsInFlight(MintUrl mint, CurrencyUnit unit);

    /** The latest payouts, newest first. */
    List<OwnerPayout> recent(int limit);
}

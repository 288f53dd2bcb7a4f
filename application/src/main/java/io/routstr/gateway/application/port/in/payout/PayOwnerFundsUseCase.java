package io.routstr.gateway.application.port.in.payout;

import io.routstr.gateway.domain.payout.OwnerPayout;
import java.util.List;

/**
 * Use case: pay the operator's own funds (proofs beyond customer liabilities, per mint and unit) to
 * {@code RECEIVE_LN_ADDRESS} (Routstr §6.4), first settling a payout whose outcome was unknown.
 */
public interface PayOwnerFundsUseCase {

    /** One run: what became of each payout it touched, empty when there was nothing to do. */
    List<PayoutOutcome> payOut();

    /** What a run did with one payout. */
    sealed interface PayoutOutcome {
        /** The payout was paid (now, or found paid when its unknown outcome was looked up). */
        record Paid(OwnerPayout payout) implements PayoutOutcome {}

        /** The payout definitely did not happen; the funds stay in the wallet for a later run. */
        record Failed(OwnerPayout payout, String reason) implements PayoutOutcome {}

        /** The mint cannot say yet whether the payout was paid: nothing else is paid until it can. */
        record Unresolved(OwnerPayout payout) implements PayoutOutcome {}

        /** Another instance is running payouts now. */
        record Busy() implements PayoutOutcome {}
    }
}

package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.ReconcileRefundsUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.RefundClaimPort;
import io.routstr.gateway.application.service.Payouts.PayoutStatus;
import io.routstr.gateway.domain.refund.RefundClaim;
import java.time.Instant;

/**
 * Settles refund claims nobody will finish: {@code OPEN} ones older than the claim timeout (their request died after
 * the debit) and {@code UNRESOLVED} ones (the mint's answer was lost). Each is looked up at the wallet by its reference
 * or its stored melt quote: a token handed out or a paid quote completes it, a payment that did not happen puts the
 * debit back on the key, and one the mint cannot speak to yet waits for the next pass. Claims are leased, so several
 * instances may run this at once.
 */
public record ReconcileRefundsService(RefundClaimPort claims, Payouts payouts, ClockPort clock, RefundPolicy policy)
        implements ReconcileRefundsUseCase {

    @Override
    public int reconcile() {
        Instant now = clock.now();
        int settled = 0;
        // An OPEN claim younger than the timeout may still be paid by its live request: it is left alone.
        for (RefundClaim claim : claims.claimStale(
                now.minus(policy.claimTimeout()), now.minus(policy.unresolvedRetry()), now, policy.batchSize())) {
            boolean done = switch (payouts.lookUp(claim.target(), claim.id().ledgerReference(), claim.quoteId())) {
                case PayoutStatus.Paid paid -> claims.complete(claim.id(), paid.token(), clock.now());
                case PayoutStatus.NotPaid notPaid -> claims.reverse(claim.id(), clock.now());
                case PayoutStatus.Undetermined undetermined -> false;
            };
            if (done) {
                settled++;
            }
        }
        return settled;
    }
}

package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.RefundBalanceCommand;
import io.routstr.gateway.application.port.in.key.RefundBalanceUseCase;
import io.routstr.gateway.application.port.in.key.RefundOutcome;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.RefundClaimPort;
import io.routstr.gateway.application.port.out.RefundClaimPort.Flush;
import io.routstr.gateway.application.port.out.RefundClaimPort.OpenResult;
import io.routstr.gateway.application.service.Payouts.PayoutResult;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.refund.RefundClaim;
import io.routstr.gateway.domain.refund.RefundStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Refunds a key as a durable claim (reference §17): open the claim and debit the key together (transaction 1, a
 * compare-and-set that also requires nothing reserved), pay out over the network with no transaction open, then
 * complete the claim with the token (and, for an {@code X-Cashu} payment's change, record that change in the same
 * commit), or reverse it when the payout definitely failed (transaction 2). An ecash payout completes the claim inside
 * the wallet's commit that hands the token out, so transaction 2 is that one. A claim whose
 * outcome is unknown stays unresolved until {@link ReconcileRefundsService} settles it; while a claim is unfinished the
 * key gets no second one. A retry after a lost answer gets the last claim's token again while it is unspent.
 */
public record RefundBalanceService(
        ApiKeyPort apiKeys,
        BalancePort balances,
        RefundClaimPort claims,
        Payouts payouts,
        ClockPort clock,
        BillingPolicy policy,
        StandingHoldsService standing)
        implements RefundBalanceUseCase {

    @Override
    public RefundOutcome refund(RefundBalanceCommand command) {
        Optional<ApiKey> found = apiKeys.findById(command.keyId());
        if (found.isEmpty()) {
            return new RefundOutcome.UnknownKey();
        }
        ApiKey key = found.get();
        if (key.isChild()) {
            return new RefundOutcome.ChildKeyCannotRefund();
        }
        // An unfinished claim is looked for only where it changes the answer: a claim being opened while another is
        // unfinished is refused by the store (AlreadyClaimed), so the usual refund reads nothing more.
        Instant now = clock.now();
        if (key.reserved().isPositive() && standing.releaseFor(key.id())) {
            // The hold this instance kept standing for the key's next request: a refund pays out the whole balance.
            key = apiKeys.findById(key.id()).orElseThrow();
        }
        if (key.reserved().isPositive()) {
            Optional<RefundOutcome> busy = busyWithUnfinishedClaim(key);
            if (busy.isPresent()) {
                return busy.get();
            }
            // Requests that died without settling must not block a refund forever (Routstr §3.5).
            balances.releaseStale(
                    now.minus(policy.staleReservationTimeout()), Optional.of(key.id()), policy.sweepBatchSize(), now);
            key = apiKeys.findById(key.id()).orElseThrow();
            if (key.reserved().isPositive()) {
                return new RefundOutcome.RequestsInFlight();
            }
        }
        RefundTarget keyTarget = key.refundTarget();
        RefundTarget target = command.lightningAddress()
                .map(address -> new RefundTarget(keyTarget.mint(), keyTarget.unit(), address, null))
                .orElse(keyTarget);
        Msats payable = payouts.payableAmount(target, key.balance());
        if (payable.isZero()) {
            // An unfinished claim usually took the balance with it: it is what the caller waits for.
            Optional<RefundOutcome> busy = busyWithUnfinishedClaim(key);
            return busy.isPresent() ? busy.get() : nothingPayable(key);
        }
        RefundClaim claim = RefundClaim.open(key.id(), payable, target, now);
        Msats kept = key.balance().minus(payable);
        return switch (claims.open(claim, key.balance(), now, flushOf(claim, command))) {
            case OpenResult.Opened opened -> pay(opened.claim(), kept, command.changeOf());
            case OpenResult.AlreadyClaimed already -> busy(already.existing());
            case OpenResult.RequestsInFlight inFlight -> new RefundOutcome.RequestsInFlight();
            case OpenResult.BalanceChanged changed -> new RefundOutcome.BalanceChanged();
        };
    }

    /**
     * An {@code X-Cashu} payment's change is paid as ecash, whose payout commits its write-ahead (waiting for the disk)
     * before it calls the mint, and whose claim is completed or reversed, waiting too, before the answer: nothing
     * outside the database follows the claim's opening before a commit that flushes it, so the opening does not wait.
     * Other refunds, off the paid path, wait as they always did.
     */
    private static Flush flushOf(RefundClaim claim, RefundBalanceCommand command) {
        return command.changeOf().isPresent() && !claim.overLightning() ? Flush.LEFT_TO_NEXT_COMMIT : Flush.AWAITED;
    }

    private RefundOutcome pay(RefundClaim claim, Msats kept, Optional<TokenFingerprint> changeOf) {
        // An ecash payout completes the claim in the commit that hands its token out (null: not completed there).
        AtomicReference<Boolean> completedWithHandOut = new AtomicReference<>();
        // The Lightning quote is stored before anything is paid; a claim the reconciler already reversed refuses it.
        PayoutResult result = payouts.pay(
                claim.target(),
                claim.amount(),
                claim.id().ledgerReference(),
                quoteId -> claims.recordQuote(claim.id(), quoteId, clock.now()),
                (token, amount) -> completedWithHandOut.set(complete(claim, Optional.of(token), amount, changeOf)));
        return switch (result) {
            case PayoutResult.Paid paid -> {
                if (paid.mintFee().isPositive()) {
                    // The swap that cut the refund token cost the node the mint's input fee: book it so that the
                    // wallet's holdings still reconcile with the ledger. The reference books it once per claim.
                    balances.bookMintFee(
                            paid.mintFee(), "mint-fee:" + claim.id().ledgerReference(), clock.now());
                }
                boolean completed = completedWithHandOut.get() != null
                        ? completedWithHandOut.get()
                        : complete(claim, paid.token(), paid.amount(), changeOf);
                if (completed) {
                    yield new RefundOutcome.Refunded(
                            claim.id(), paid.amount(), paid.token(), paid.recipient(), kept, changeOf.isPresent());
                }
                yield afterLateFinish(claim, kept);
            }
            case PayoutResult.Failed failed -> {
                claims.reverse(claim.id(), clock.now());
                yield new RefundOutcome.PayoutFailed(failed.reason(), failed.mintUnreachable());
            }
            case PayoutResult.TemporarilyUnavailable busy -> {
                claims.reverse(claim.id(), clock.now());
                yield new RefundOutcome.PayoutTemporarilyUnavailable(busy.reason());
            }
            case PayoutResult.OutcomeUnknown unknown -> {
                claims.markUnresolved(claim.id(), clock.now());
                yield new RefundOutcome.PayoutOutcomeUnknown(claim.id(), unknown.reason());
            }
        };
    }

    /** Completes the claim with its token; for an {@code X-Cashu} payment's change, records that change with it. */
    private boolean complete(
            RefundClaim claim, Optional<String> token, Msats amount, Optional<TokenFingerprint> changeOf) {
        return changeOf.isPresent()
                ? claims.completeAsChange(claim.id(), token, changeOf.get(), amount, clock.now())
                : claims.complete(claim.id(), token, clock.now());
    }

    /**
     * The payout finished after the reconciler had taken the claim over. If it completed the claim, the answer is its
     * token; if it reversed it, the key holds its balance again and the late token stays in the wallet's outgoing
     * store unhanded, so nothing is paid twice.
     */
    private RefundOutcome afterLateFinish(RefundClaim claim, Msats kept) {
        RefundClaim settled = claims.find(claim.id()).orElseThrow();
        if (settled.status() == RefundStatus.COMPLETED) {
            return new RefundOutcome.Refunded(
                    settled.id(),
                    settled.amount(),
                    settled.token(),
                    settled.overLightning() ? Optional.of(settled.target().lightningAddress()) : Optional.empty(),
                    kept);
        }
        return new RefundOutcome.BalanceChanged();
    }

    /**
     * Less than one unit of the key's currency is left: the remainder stays on the key. After a refund, the answer is
     * that refund's token again while it is unspent (its answer may have been lost), else Routstr's "No balance to
     * refund", on which clients stop asking.
     */
    private RefundOutcome nothingPayable(ApiKey key) {
        Optional<RefundClaim> last = claims.findLastCompleted(key.id());
        if (last.isPresent()) {
            RefundClaim claim = last.get();
            if (claim.token().isPresent() && payouts.tokenState(claim.token().get()) != Payouts.TokenState.SPENT) {
                return new RefundOutcome.Refunded(
                        claim.id(), claim.amount(), claim.token(), Optional.empty(), key.balance());
            }
            return new RefundOutcome.NothingToRefund();
        }
        return key.balance().isZero()
                ? new RefundOutcome.NothingToRefund()
                : new RefundOutcome.BalanceTooSmall(key.balance());
    }

    private Optional<RefundOutcome> busyWithUnfinishedClaim(ApiKey key) {
        return claims.findUnfinished(key.id()).map(RefundBalanceService::busy);
    }

    private static RefundOutcome busy(RefundClaim claim) {
        return claim.status() == RefundStatus.OPEN
                ? new RefundOutcome.RefundInProgress(claim.id())
                : new RefundOutcome.RefundUnresolved(claim.id());
    }
}

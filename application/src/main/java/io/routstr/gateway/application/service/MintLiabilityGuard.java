package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.out.MintBackingPort;
import io.routstr.gateway.application.port.out.MintBackingPort.Backing;
import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.money.Msats;
import java.util.Optional;

/**
 * Keeps every mint's proofs at or above what customers are owed there, around the wallet's payouts.
 *
 * <p>The rule: a key's balance is owed at its refund mint and unit (the mint whose ecash opened it; top-ups must come
 * from the same mint and unit), and its refund, change or withdrawal is paid from that mint's proofs only. A payout
 * from mint X goes ahead only if X's unspent proofs still cover the payout and every other key owed at X, so one key's
 * refund never spends ecash that backs another key. The payout's own debit has already left X's liabilities when this
 * runs. A refused payout is a definite failure: the caller puts the balance back. When the shortfall is only proofs that
 * other payouts in flight hold ({@code PENDING}, their change comes back when they finish), the refusal is temporary.
 * The proofs and the balances owed are read together ({@link MintBackingPort}), one round trip per payout.
 */
public record MintLiabilityGuard(Payouts delegate, MintBackingPort backing) implements Payouts {

    public MintLiabilityGuard {
        Components.requireNonNull(MintLiabilityGuard.class, delegate, backing);
    }

    @Override
    public Msats payableAmount(RefundTarget target, Msats balance) {
        return delegate.payableAmount(target, balance);
    }

    @Override
    public PayoutResult pay(RefundTarget target, Msats amount, String reference, QuoteGate beforePaying) {
        return pay(target, amount, reference, beforePaying, InHandOutCommit.NOTHING);
    }

    @Override
    public PayoutResult pay(
            RefundTarget target, Msats amount, String reference, QuoteGate beforePaying, InHandOutCommit inSameCommit) {
        CurrencyUnit unit = target.unit();
        if (!unit.isBitcoin()) {
            // Nothing of another unit is ever paid out.
            return delegate.pay(target, amount, reference, beforePaying, inSameCommit);
        }
        long payout = unit.fromMsatsCeil(amount);
        // Unspent is the whole sum, or a part of it that already covers what is needed below.
        Backing atMint = backing.backingFor(target.mint(), unit, payout);
        // Other keys' balances at this mint, in its unit; a sat mint owes whole sats, rounded up (Routstr §4.8).
        long owedToOthers = unit.fromMsatsCeil(atMint.owed());
        long needed = Math.addExact(payout, owedToOthers);
        if (atMint.unspent() < needed && atMint.held() >= needed) {
            return new PayoutResult.TemporarilyUnavailable(
                    "The mint's ecash is held by other payouts in flight; retry shortly");
        }
        if (atMint.unspent() < needed) {
            return new PayoutResult.Failed(
                    "The mint holds too little ecash beyond other customers' balances to pay this now", false);
        }
        return delegate.pay(target, amount, reference, beforePaying, inSameCommit);
    }

    @Override
    public PayoutStatus lookUp(RefundTarget target, String reference, Optional<QuoteId> quoteId) {
        return delegate.lookUp(target, reference, quoteId);
    }

    @Override
    public TokenState tokenState(String token) {
        return delegate.tokenState(token);
    }
}

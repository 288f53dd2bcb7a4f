package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.out.LightningAddressPort;
import io.routstr.gateway.application.port.out.LightningAddressPort.InvoiceResult;
import io.routstr.gateway.application.service.wallet.EcashWallet;
import io.routstr.gateway.application.service.wallet.EcashWallet.Failure;
import io.routstr.gateway.application.service.wallet.EcashWallet.FailureKind;
import io.routstr.gateway.application.service.wallet.EcashWallet.MeltPending;
import io.routstr.gateway.application.service.wallet.EcashWallet.Melted;
import io.routstr.gateway.application.service.wallet.EcashWallet.Sent;
import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.money.Msats;
import java.util.Optional;

/**
 * Pays a key's refund: as an ecash token from the key's mint, or, when the key has a refund address, over Lightning
 * by melting ecash to an invoice the address issues.
 *
 * <p>A Lightning refund asks the address for the debited amount less a routing-fee allowance (Routstr §4.8: the
 * larger of 1 % and 2 sats, plus 1 sat), so the melt's fee is covered by what the customer's balance paid and never by
 * other customers' money; the unused allowance returns to the node as melt change.
 */
public record WalletPayouts(EcashWallet wallet, LightningAddressPort lightning) implements Payouts {

    public WalletPayouts {
        Components.requireNonNull(WalletPayouts.class, wallet, lightning);
    }

    @Override
    public Msats payableAmount(RefundTarget target, Msats balance) {
        if (!target.unit().isBitcoin()) {
            return Msats.ZERO;
        }
        return target.unit().toMsats(target.unit().fromMsatsFloor(balance));
    }

    @Override
    public PayoutResult pay(RefundTarget target, Msats amount, String reference, QuoteGate beforePaying) {
        return pay(target, amount, reference, beforePaying, InHandOutCommit.NOTHING);
    }

    @Override
    public PayoutResult pay(
            RefundTarget target, Msats amount, String reference, QuoteGate beforePaying, InHandOutCommit inSameCommit) {
        if (target.lightningAddress() != null) {
            return payOverLightning(target, amount, beforePaying);
        }
        return switch (wallet.send(
                target.mint(),
                target.unit(),
                amount,
                reference,
                sent -> inSameCommit.handedOut(sent.token(), sent.amount()))) {
            case Sent sent ->
                new PayoutResult.Paid(
                        sent.amount(),
                        Optional.of(sent.token()),
                        Optional.empty(),
                        sent.unit().toMsats(sent.inputFee()));
            case Failure failure
            when failure.kind() == FailureKind.OUTCOME_UNKNOWN -> new PayoutResult.OutcomeUnknown(failure.detail());
            case Failure failure
            when failure.kind() == FailureKind.FUNDS_IN_FLIGHT ->
                new PayoutResult.TemporarilyUnavailable(failure.detail());
            case Failure failure -> new PayoutResult.Failed(failure.detail(), unreachable(failure));
        };
    }

    private PayoutResult payOverLightning(RefundTarget target, Msats amount, QuoteGate beforePaying) {
        long sats = amount.toSatsFloor();
        long allowance = routingFeeAllowanceSats(sats);
        if (sats - allowance < 1) {
            return new PayoutResult.Failed("Balance too small to pay over Lightning after routing fees", false);
        }
        Msats invoiceAmount = Msats.ofSats(sats - allowance);
        return switch (lightning.requestInvoice(target.lightningAddress(), invoiceAmount)) {
            case InvoiceResult.Refused refused ->
                new PayoutResult.Failed(
                        "Refund address refused: " + refused.message(),
                        refused.reason() == LightningAddressPort.Reason.UNREACHABLE);
            case InvoiceResult.Invoice invoice ->
                switch (wallet.melt(target.mint(), meltUnit(target), invoice.bolt11(), beforePaying::proceed)) {
                    case Melted melted ->
                        new PayoutResult.Paid(amount, Optional.empty(), Optional.of(target.lightningAddress()));
                    case MeltPending pending ->
                        new PayoutResult.OutcomeUnknown("The Lightning payment is still pending at the mint");
                    case Failure failure
                    when failure.kind() == FailureKind.OUTCOME_UNKNOWN ->
                        new PayoutResult.OutcomeUnknown(failure.detail());
                    case Failure failure
                    when failure.kind() == FailureKind.FUNDS_IN_FLIGHT ->
                        new PayoutResult.TemporarilyUnavailable(failure.detail());
                    case Failure failure -> new PayoutResult.Failed(failure.detail(), unreachable(failure));
                };
        };
    }

    @Override
    public PayoutStatus lookUp(RefundTarget target, String reference, Optional<QuoteId> quoteId) {
        if (target.lightningAddress() == null) {
            // Send stores its token under the reference before handing it out: no token stored means none was given.
            return wallet.findSent(reference)
                    .<PayoutStatus>map(sent -> new PayoutStatus.Paid(Optional.of(sent.token())))
                    .orElseGet(PayoutStatus.NotPaid::new);
        }
        if (quoteId.isEmpty()) {
            return new PayoutStatus.NotPaid(); // no quote was accepted, so no melt was started
        }
        return wallet.meltQuoteState(target.mint(), quoteId.get())
                .<PayoutStatus>map(state -> switch (state) {
                    case PAID, ISSUED -> new PayoutStatus.Paid(Optional.empty());
                    case PENDING -> new PayoutStatus.Undetermined();
                    case UNPAID -> new PayoutStatus.NotPaid();
                })
                .orElseGet(PayoutStatus.Undetermined::new);
    }

    @Override
    public TokenState tokenState(String token) {
        return wallet.tokenState(token)
                .map(state -> state == EcashWallet.TokenProofsState.UNSPENT ? TokenState.UNSPENT : TokenState.SPENT)
                .orElse(TokenState.UNKNOWN);
    }

    private static CurrencyUnit meltUnit(RefundTarget target) {
        return target.unit().isBitcoin() ? target.unit() : CurrencyUnit.SAT;
    }

    /** Routstr's estimate of a Lightning payment's routing fee, in sats: max(ceil(1 %), 2) + 1. */
    static long routingFeeAllowanceSats(long sats) {
        return Math.max(Math.ceilDiv(sats, 100), 2) + 1;
    }

    private static boolean unreachable(Failure failure) {
        return failure.kind() == FailureKind.MINT_UNREACHABLE || failure.kind() == FailureKind.MINT_RATE_LIMITED;
    }
}

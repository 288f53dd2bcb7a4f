package io.routstr.gateway.application.service;

import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.util.Optional;

/**
 * Paying a key's balance back to its owner, as an ecash token from the key's mint or over Lightning to its refund
 * address. Not an output port: the application implements it ({@link WalletPayouts} over the wallet and Lightning
 * address ports, guarded by {@link MintLiabilityGuard}), so refunds and owner payouts share one decided path.
 */
public interface Payouts {

    /** The part of {@code balance} a payout to {@code target} can carry (a sat mint carries whole sats only). */
    Msats payableAmount(RefundTarget target, Msats balance);

    /** Pays {@code amount} to {@code target}; a Lightning payout goes ahead only if its quote is accepted. */
    default PayoutResult pay(RefundTarget target, Msats amount, String reference) {
        return pay(target, amount, reference, quoteId -> true);
    }

    /**
     * Pays {@code amount} to {@code target}. A Lightning payout hands its melt quote to {@code beforePaying} before
     * any ecash moves, so the caller can store it first (reference §17: the quote is stored before paying); when that
     * answers false nothing is paid and the result is {@link PayoutResult.Failed}.
     */
    PayoutResult pay(RefundTarget target, Msats amount, String reference, QuoteGate beforePaying);

    /**
     * As {@link #pay(RefundTarget, Msats, String, QuoteGate)}, and for an ecash payout {@code inSameCommit} runs inside
     * the commit that stores its token as handed out, so that the caller's record of the payout costs no commit of its
     * own. Where that cannot be (a Lightning payout, a wallet without transactions) it does not run, and the caller
     * records on its own. When it throws, the payout's outcome is as {@link
     * io.routstr.gateway.application.service.wallet.EcashWallet#send(MintUrl, CurrencyUnit, Msats, String,
     * java.util.function.Consumer)} says, and the exception is thrown on.
     */
    default PayoutResult pay(
            RefundTarget target, Msats amount, String reference, QuoteGate beforePaying, InHandOutCommit inSameCommit) {
        return pay(target, amount, reference, beforePaying);
    }

    /** What a caller records in the commit that hands an ecash payout's {@code token} of {@code amount} out. */
    @FunctionalInterface
    interface InHandOutCommit {
        InHandOutCommit NOTHING = (token, amount) -> {};

        void handedOut(String token, Msats amount);
    }

    /**
     * What became of an earlier payout whose answer was lost: a token handed out under {@code reference}, or the state
     * of the Lightning payment's melt quote {@code quoteId}.
     */
    PayoutStatus lookUp(RefundTarget target, String reference, Optional<QuoteId> quoteId);

    /** Whether a token handed out earlier can still be spent, by the state of its proofs at the mint (NUT-07). */
    TokenState tokenState(String token);

    /** Decides, with a Lightning payout's melt quote in hand, whether to pay it. */
    @FunctionalInterface
    interface QuoteGate {
        boolean proceed(QuoteId quoteId);
    }

    /** What an earlier payout came to. */
    sealed interface PayoutStatus {
        /** It was paid: {@code token} is the ecash handed out, or empty for a Lightning payment. */
        record Paid(Optional<String> token) implements PayoutStatus {}

        /** It was not paid and no longer can be. */
        record NotPaid() implements PayoutStatus {}

        /** The mint cannot say yet (still paying, or unreachable): ask again later. */
        record Undetermined() implements PayoutStatus {}
    }

    /** The state of a token's proofs at its mint. */
    enum TokenState {
        UNSPENT,
        SPENT,
        UNKNOWN
    }

    /** What became of a payout. */
    sealed interface PayoutResult {
        /**
         * Paid: {@code token} is the ecash handed out, or empty when paid to a Lightning address; {@code mintFee} is
         * what the mint kept for making it (the node's cost, booked as {@code MINT_FEE}).
         */
        record Paid(Msats amount, Optional<String> token, Optional<String> recipient, Msats mintFee)
                implements PayoutResult {
            public Paid(Msats amount, Optional<String> token, Optional<String> recipient) {
                this(amount, token, recipient, Msats.ZERO);
            }
        }

        /** Definitely not paid: the debit may be reversed. */
        record Failed(String reason, boolean mintUnreachable) implements PayoutResult {}

        /**
         * Definitely not paid, but only for now: the proofs that would pay it are held by other payouts in flight
         * (a real shortage is {@link Failed}). The debit may be reversed and the same payout asked for again shortly.
         */
        record TemporarilyUnavailable(String reason) implements PayoutResult {}

        /** The mint may or may not have paid (a timeout after sending): the debit stays until reconciled. */
        record OutcomeUnknown(String reason) implements PayoutResult {}
    }
}

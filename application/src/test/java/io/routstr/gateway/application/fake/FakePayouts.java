package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.service.Payouts;
import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.money.Msats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A payout port that pays whole sats and whose next answer tests choose. Like the wallet, it stores each token under
 * its reference before answering, and each Lightning payment under its quote, so a lost answer can be looked up.
 */
public final class FakePayouts implements Payouts {

    private PayoutResult nextResult;
    private RuntimeException nextCrashBeforePaying;
    private RuntimeException nextCrashAfterPaying;
    private boolean mintSilent;
    private Msats mintFee = Msats.ZERO;
    private final List<Msats> paid = new ArrayList<>();
    private final Map<String, String> tokensByReference = new HashMap<>();
    private final Set<QuoteId> paidQuotes = new HashSet<>();
    private final Set<String> spentTokens = new HashSet<>();
    private final Set<String> refusingAddresses = new HashSet<>();
    private int quotes;
    private boolean recordsInHandOut;
    private int callersRecordedInHandOut;

    /** Later payouts report that the mint kept {@code fee} for cutting the token (a change swap, NUT-02). */
    public void chargeMintFee(Msats fee) {
        mintFee = fee;
    }

    public void failNext(String reason) {
        nextResult = new PayoutResult.Failed(reason, false);
    }

    /** The next payout finds the mint's proofs held by another payout in flight. */
    public void findNextProofsInFlight(String reason) {
        nextResult = new PayoutResult.TemporarilyUnavailable(reason);
    }

    public void leaveNextUnknown(String reason) {
        nextResult = new PayoutResult.OutcomeUnknown(reason);
    }

    /** The next payout throws before anything is paid, as a process dying before the mint call would. */
    public void crashBeforePayingNext() {
        nextCrashBeforePaying = new IllegalStateException("injected fault before paying");
    }

    /** The next payout pays (and stores its token) and then throws, as a process dying after the mint call would. */
    public void crashAfterPayingNext() {
        nextCrashAfterPaying = new IllegalStateException("injected fault after paying");
    }

    /**
     * Later ecash payouts run the caller's record as a wallet does inside its hand-out commit: after the token is
     * stored, before the answer.
     */
    public synchronized void recordCallersInHandOut() {
        recordsInHandOut = true;
    }

    /** How many payouts ran their caller's record in their hand-out. */
    public synchronized int callersRecordedInHandOut() {
        return callersRecordedInHandOut;
    }

    /** Every payout to {@code address} fails, as to an address that never answers. */
    public synchronized void refuseAlways(String address) {
        refusingAddresses.add(address);
    }

    /** While set, look-ups cannot reach the mint. */
    public synchronized void mintSilent(boolean silent) {
        mintSilent = silent;
    }

    /** The holder of {@code token} swapped it: its proofs are spent. */
    public synchronized void spend(String token) {
        spentTokens.add(token);
    }

    public synchronized List<Msats> paid() {
        return List.copyOf(paid);
    }

    @Override
    public Msats payableAmount(RefundTarget target, Msats balance) {
        return Msats.ofSats(balance.toSatsFloor());
    }

    @Override
    public synchronized PayoutResult pay(RefundTarget target, Msats amount, String reference, QuoteGate beforePaying) {
        if (nextCrashBeforePaying != null) {
            RuntimeException crash = nextCrashBeforePaying;
            nextCrashBeforePaying = null;
            throw crash;
        }
        if (nextResult != null) {
            PayoutResult result = nextResult;
            nextResult = null;
            return result;
        }
        if (refusingAddresses.contains(target.lightningAddress())) {
            return new PayoutResult.Failed("the refund address does not answer", true);
        }
        PayoutResult result;
        if (target.lightningAddress() != null) {
            QuoteId quote = QuoteId.of("quote-" + (++quotes));
            if (!beforePaying.proceed(quote)) {
                return new PayoutResult.Failed("called off before paying", false);
            }
            paidQuotes.add(quote);
            paid.add(amount);
            result = new PayoutResult.Paid(amount, Optional.empty(), Optional.of(target.lightningAddress()));
        } else {
            paid.add(amount);
            String token = "cashuBfake" + paid.size();
            tokensByReference.put(reference, token);
            result = new PayoutResult.Paid(amount, Optional.of(token), Optional.empty(), mintFee);
        }
        if (nextCrashAfterPaying != null) {
            RuntimeException crash = nextCrashAfterPaying;
            nextCrashAfterPaying = null;
            throw crash;
        }
        return result;
    }

    @Override
    public synchronized PayoutResult pay(
            RefundTarget target, Msats amount, String reference, QuoteGate beforePaying, InHandOutCommit inSameCommit) {
        if (!recordsInHandOut || target.lightningAddress() != null) {
            return pay(target, amount, reference, beforePaying);
        }
        PayoutResult result = pay(target, amount, reference, beforePaying);
        if (result instanceof PayoutResult.Paid paid && paid.token().isPresent()) {
            inSameCommit.handedOut(paid.token().get(), paid.amount());
            callersRecordedInHandOut++;
        }
        return result;
    }

    @Override
    public synchronized PayoutStatus lookUp(RefundTarget target, String reference, Optional<QuoteId> quoteId) {
        if (mintSilent) {
            return new PayoutStatus.Undetermined();
        }
        if (target.lightningAddress() == null) {
            return Optional.ofNullable(tokensByReference.get(reference))
                    .<PayoutStatus>map(token -> new PayoutStatus.Paid(Optional.of(token)))
                    .orElseGet(PayoutStatus.NotPaid::new);
        }
        return quoteId.filter(paidQuotes::contains).isPresent()
                ? new PayoutStatus.Paid(Optional.empty())
                : new PayoutStatus.NotPaid();
    }

    @Override
    public synchronized TokenState tokenState(String token) {
        if (mintSilent) {
            return TokenState.UNKNOWN;
        }
        return spentTokens.contains(token) ? TokenState.SPENT : TokenState.UNSPENT;
    }
}

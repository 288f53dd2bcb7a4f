package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.PayoutPort;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.money.Msats;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A payout port that pays whole sats and whose next answer tests choose. */
public final class FakePayouts implements PayoutPort {

    private PayoutResult nextResult;
    private Msats mintFee = Msats.ZERO;
    private final List<Msats> paid = new ArrayList<>();

    /** Later payouts report that the mint kept {@code fee} for cutting the token (a change swap, NUT-02). */
    public void chargeMintFee(Msats fee) {
        mintFee = fee;
    }

    public void failNext(String reason) {
        nextResult = new PayoutResult.Failed(reason, false);
    }

    public void leaveNextUnknown(String reason) {
        nextResult = new PayoutResult.OutcomeUnknown(reason);
    }

    public synchronized List<Msats> paid() {
        return List.copyOf(paid);
    }

    @Override
    public Msats payableAmount(RefundTarget target, Msats balance) {
        return Msats.ofSats(balance.toSatsFloor());
    }

    @Override
    public synchronized PayoutResult pay(RefundTarget target, Msats amount, String reference) {
        if (nextResult != null) {
            PayoutResult result = nextResult;
            nextResult = null;
            return result;
        }
        paid.add(amount);
        return new PayoutResult.Paid(amount, Optional.of("cashuBfake" + paid.size()), Optional.empty(), mintFee);
    }
}

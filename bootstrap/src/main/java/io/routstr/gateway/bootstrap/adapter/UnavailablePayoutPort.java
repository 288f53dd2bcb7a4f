package io.routstr.gateway.bootstrap.adapter;

import io.routstr.gateway.application.port.out.PayoutPort;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.money.Msats;

/**
 * Stands in for the Cashu wallet until one is configured: every payout fails cleanly, so a refund puts the balance back
 * instead of losing it.
 */
public final class UnavailablePayoutPort implements PayoutPort {

    @Override
    public Msats payableAmount(RefundTarget target, Msats balance) {
        return target.unit().isBitcoin() ? Msats.ofSats(balance.toSatsFloor()) : Msats.ZERO;
    }

    @Override
    public PayoutResult pay(RefundTarget target, Msats amount, String reference) {
        return new PayoutResult.Failed("No Cashu wallet is configured on this node", true);
    }
}

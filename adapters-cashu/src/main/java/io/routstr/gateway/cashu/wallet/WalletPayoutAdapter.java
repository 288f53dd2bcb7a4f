package io.routstr.gateway.cashu.wallet;

import io.routstr.gateway.application.port.out.EcashWalletPort;
import io.routstr.gateway.application.port.out.EcashWalletPort.Failure;
import io.routstr.gateway.application.port.out.EcashWalletPort.FailureKind;
import io.routstr.gateway.application.port.out.EcashWalletPort.Sent;
import io.routstr.gateway.application.port.out.PayoutPort;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.money.Msats;
import java.util.Objects;
import java.util.Optional;

/**
 * Refund payouts from the wallet: an ecash token of the key's mint and unit. Payouts to a Lightning address need
 * LNURL resolution, which is not built yet, so they fail cleanly and the balance stays on the key.
 */
public final class WalletPayoutAdapter implements PayoutPort {

    private final EcashWalletPort wallet;

    public WalletPayoutAdapter(EcashWalletPort wallet) {
        this.wallet = Objects.requireNonNull(wallet, "wallet");
    }

    @Override
    public Msats payableAmount(RefundTarget target, Msats balance) {
        if (!target.unit().isBitcoin()) {
            return Msats.ZERO;
        }
        return target.unit().toMsats(target.unit().fromMsatsFloor(balance));
    }

    @Override
    public PayoutResult pay(RefundTarget target, Msats amount, String reference) {
        if (target.lightningAddress() != null) {
            return new PayoutResult.Failed("Refunds to a Lightning address are not available on this node yet", false);
        }
        return switch (wallet.send(target.mint(), target.unit(), amount, reference)) {
            case Sent sent -> new PayoutResult.Paid(sent.amount(), Optional.of(sent.token()), Optional.empty());
            case Failure failure
            when failure.kind() == FailureKind.OUTCOME_UNKNOWN -> new PayoutResult.OutcomeUnknown(failure.detail());
            case Failure failure ->
                new PayoutResult.Failed(
                        failure.detail(),
                        failure.kind() == FailureKind.MINT_UNREACHABLE
                                || failure.kind() == FailureKind.MINT_RATE_LIMITED);
        };
    }
}

package io.routstr.gateway.application.service.admin;

import io.routstr.gateway.application.port.in.admin.WithdrawOwnerFundsUseCase;
import io.routstr.gateway.application.port.in.wallet.ViewWalletBalancesUseCase;
import io.routstr.gateway.application.port.in.wallet.ViewWalletBalancesUseCase.MintBalance;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.admin.OwnerWithdrawalPort;
import io.routstr.gateway.application.service.Payouts;
import io.routstr.gateway.application.service.Payouts.PayoutResult;
import io.routstr.gateway.domain.admin.OwnerWithdrawal;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.money.Msats;
import java.util.Optional;
import java.util.UUID;

/**
 * Pays owner funds out in three steps that never hold a transaction across the mint call: claim the amount against
 * the owner funds (refused if it does not fit beside withdrawals under way), pay through the wallet's guarded payout
 * (which checks again that the mint's proofs cover every customer balance there), then finish the claim and book the
 * payout. An unknown outcome keeps its claim, so its amount cannot be withdrawn a second time meanwhile.
 */
public record WithdrawOwnerFundsService(
        ViewWalletBalancesUseCase balances, OwnerWithdrawalPort withdrawals, Payouts payouts, ClockPort clock)
        implements WithdrawOwnerFundsUseCase {

    @Override
    public WithdrawalOutcome withdraw(WithdrawCommand command) {
        long ownerFunds = balances.balances().stream()
                .filter(b -> b.mint().equals(command.mint()) && b.unit().equals(command.unit()))
                .mapToLong(MintBalance::ownerFunds)
                .sum();
        if (ownerFunds < command.amount()) {
            return new WithdrawalOutcome.InsufficientOwnerFunds(Math.max(0, ownerFunds));
        }
        OwnerWithdrawal claim = new OwnerWithdrawal(
                UUID.randomUUID(),
                command.mint(),
                command.unit(),
                command.amount(),
                command.lightningAddress().isPresent()
                        ? OwnerWithdrawal.Destination.LIGHTNING
                        : OwnerWithdrawal.Destination.TOKEN,
                OwnerWithdrawal.State.CLAIMED,
                Optional.empty(),
                clock.now());
        Optional<Long> underWay = withdrawals.claim(claim, ownerFunds);
        if (underWay.isPresent()) {
            return new WithdrawalOutcome.InsufficientOwnerFunds(Math.max(0, ownerFunds - underWay.get()));
        }
        RefundTarget target = new RefundTarget(
                command.mint(), command.unit(), command.lightningAddress().orElse(null), null);
        Msats amount = command.unit().toMsats(command.amount());
        PayoutResult result;
        try {
            result = payouts.pay(target, amount, "admin-withdrawal:" + claim.id());
        } catch (RuntimeException fault) {
            // The wallet may have sent before failing: keep the claim until someone looks.
            withdrawals.markUnpaid(claim.id(), OwnerWithdrawal.State.UNKNOWN, "wallet fault", clock.now());
            return new WithdrawalOutcome.Unknown("the wallet failed while paying; the amount stays claimed");
        }
        return switch (result) {
            case PayoutResult.Paid paid -> {
                withdrawals.markPaid(claim.id(), paid.amount(), paid.mintFee(), clock.now());
                yield new WithdrawalOutcome.Paid(command.amount(), paid.token(), command.mint(), command.unit());
            }
            case PayoutResult.Failed failed -> {
                withdrawals.markUnpaid(claim.id(), OwnerWithdrawal.State.FAILED, failed.reason(), clock.now());
                yield new WithdrawalOutcome.Failed(failed.reason());
            }
            case PayoutResult.TemporarilyUnavailable busy -> {
                withdrawals.markUnpaid(claim.id(), OwnerWithdrawal.State.FAILED, busy.reason(), clock.now());
                yield new WithdrawalOutcome.Failed(busy.reason());
            }
            case PayoutResult.OutcomeUnknown unknown -> {
                withdrawals.markUnpaid(claim.id(), OwnerWithdrawal.State.UNKNOWN, unknown.reason(), clock.now());
                yield new WithdrawalOutcome.Unknown(unknown.reason());
            }
        };
    }
}

package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.FundApiKeyUseCase;
import io.routstr.gateway.application.port.in.payment.TopUpWithEcashUseCase;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort;
import io.routstr.gateway.application.port.out.TokenRedemptionPort;
import java.util.Optional;

/** Tops a key up with a token, deposited once through {@link TokenDeposits}. */
public final class TopUpWithEcashService implements TopUpWithEcashUseCase {

    private final ApiKeyPort apiKeys;
    private final TokenDeposits deposits;

    public TopUpWithEcashService(
            ApiKeyPort apiKeys,
            TokenRedemptionLogPort redemptions,
            TokenRedemptionPort wallet,
            FundApiKeyUseCase fund,
            ClockPort clock) {
        this.apiKeys = apiKeys;
        this.deposits = new TokenDeposits(redemptions, wallet, fund, clock);
    }

    @Override
    public TopUpOutcome topUp(TopUpCommand command) {
        return apiKeys.findById(command.keyId())
                .map(key -> switch (deposits.deposit(
                        command.token(), key.keyHash(), Optional.empty(), Optional.empty())) {
                    case TokenDeposits.Deposit.Credited credited -> new TopUpOutcome.ToppedUp(credited.amount());
                    case TokenDeposits.Deposit.DepositedBefore before -> new TopUpOutcome.AlreadyDeposited();
                    case TokenDeposits.Deposit.Refused refused ->
                        new TopUpOutcome.Rejected(refused.failure(), refused.message());
                    case TokenDeposits.Deposit.Busy busy -> new TopUpOutcome.Busy();
                })
                .orElseGet(TopUpOutcome.UnknownKey::new);
    }
}

package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.payment.TopUpWithEcashUseCase;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.service.wallet.TokenRedemption;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.RefundTarget;

/** Tops a key up with a token, deposited once through {@link TokenDeposits}. */
public record TopUpWithEcashService(ApiKeyPort apiKeys, TokenRedemption wallet, TokenDeposits deposits)
        implements TopUpWithEcashUseCase {

    @Override
    public TopUpOutcome topUp(TopUpCommand command) {
        return apiKeys.findById(command.keyId())
                .map(key -> fromAnotherMint(key, command.token())
                        ? new TopUpOutcome.Rejected(
                                RedemptionFailure.MINT_MISMATCH, RedemptionFailure.MINT_MISMATCH.clientMessage())
                        : deposit(key, command.token()))
                .orElseGet(TopUpOutcome.UnknownKey::new);
    }

    /**
     * A key's balance is owed at its refund mint and unit, and refunds are paid from that mint's proofs; a deposit
     * of another mint's ecash would leave its proofs where the key's refund cannot find them and make the refund take
     * other customers' proofs. So such a token is refused before it is redeemed.
     */
    private boolean fromAnotherMint(ApiKey key, String token) {
        RefundTarget owedAt =
                apiKeys.findById(key.billingKeyId()).map(ApiKey::refundTarget).orElse(key.refundTarget());
        return wallet.originOf(token.strip())
                .map(origin ->
                        !origin.mint().equals(owedAt.mint()) || !origin.unit().equals(owedAt.unit()))
                .orElse(false);
    }

    private TopUpOutcome deposit(ApiKey key, String token) {
        return switch (deposits.deposit(token, key.keyHash())) {
            case TokenDeposits.Deposit.Credited credited -> new TopUpOutcome.ToppedUp(credited.amount());
            case TokenDeposits.Deposit.DepositedBefore before -> new TopUpOutcome.AlreadyDeposited();
            case TokenDeposits.Deposit.Refused refused ->
                new TopUpOutcome.Rejected(refused.failure(), refused.message());
            case TokenDeposits.Deposit.Busy busy -> new TopUpOutcome.Busy();
        };
    }
}

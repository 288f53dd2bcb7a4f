package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.FundApiKeyCommand;
import io.routstr.gateway.application.port.in.key.FundApiKeyUseCase;
import io.routstr.gateway.application.port.in.key.FundOutcome;
import io.routstr.gateway.application.port.in.payment.ReconcileDepositsUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort.StaleClaim;
import io.routstr.gateway.application.port.out.TokenRedemptionPort;
import io.routstr.gateway.application.port.out.TokenRedemptionPort.LookUpResult;
import io.routstr.gateway.domain.key.RefundTarget;
import java.time.Instant;
import java.util.Optional;

/**
 * Credits deposits nobody finished. A token claim older than the stale time is looked up at the wallet (after its
 * crash recovery): ecash it holds from the token is credited to the key the claim names, under the same ledger
 * reference a live deposit uses ({@code token:<sha256>}), so a deposit is credited once whoever finishes it; a token
 * that was never taken frees its claim so the client can present it again.
 */
public final class ReconcileDepositsService implements ReconcileDepositsUseCase {

    private static final int BATCH = 100;

    private final TokenRedemptionLogPort redemptions;
    private final TokenRedemptionPort wallet;
    private final FundApiKeyUseCase fund;
    private final ClockPort clock;

    public ReconcileDepositsService(
            TokenRedemptionLogPort redemptions, TokenRedemptionPort wallet, FundApiKeyUseCase fund, ClockPort clock) {
        this.redemptions = redemptions;
        this.wallet = wallet;
        this.fund = fund;
        this.clock = clock;
    }

    @Override
    public int reconcile() {
        Instant now = clock.now();
        int credited = 0;
        for (StaleClaim claim : redemptions.findStale(now.minus(TokenDeposits.STALE_CLAIM), BATCH)) {
            switch (wallet.lookUp(claim.tokenHash())) {
                case LookUpResult.Redeemed redeemed -> {
                    FundOutcome funded = fund.fund(new FundApiKeyCommand(
                            claim.keyHash(),
                            redeemed.credited(),
                            RefundTarget.to(redeemed.mint(), redeemed.unit()),
                            "token:" + claim.tokenHash(),
                            Optional.empty(),
                            Optional.empty()));
                    redemptions.completed(claim.tokenHash(), funded.key().id(), clock.now());
                    if (funded instanceof FundOutcome.Funded) {
                        credited++;
                    }
                }
                case LookUpResult.Unfinished unfinished -> {
                    // The wallet's recovery settles the redemption first; the next pass credits it.
                }
                case LookUpResult.NotRedeemed notRedeemed -> redemptions.released(claim.tokenHash());
            }
        }
        return credited;
    }
}

package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.FundApiKeyCommand;
import io.routstr.gateway.application.port.in.key.FundApiKeyUseCase;
import io.routstr.gateway.application.port.in.key.FundOutcome;
import io.routstr.gateway.application.port.in.payment.ReconcileDepositsUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort.StaleClaim;
import io.routstr.gateway.application.service.wallet.TokenRedemption;
import io.routstr.gateway.application.service.wallet.TokenRedemption.LookUpResult;
import io.routstr.gateway.domain.key.RefundTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Credits deposits nobody finished. A token claim older than the claim timeout is looked up at the wallet (after its
 * crash recovery): ecash it holds from the token is credited to the key the claim names, under the same ledger
 * reference a live deposit uses ({@code token:<sha256>}), so a deposit is credited once whoever finishes it; a token
 * that was never taken frees its claim so the client can present it again.
 */
public final class ReconcileDepositsService implements ReconcileDepositsUseCase {

    private static final int BATCH = 100;

    private final TokenRedemptionLogPort redemptions;
    private final TokenRedemption wallet;
    private final FundApiKeyUseCase fund;
    private final ClockPort clock;
    private final Duration claimTimeout;

    public ReconcileDepositsService(
            TokenRedemptionLogPort redemptions, TokenRedemption wallet, FundApiKeyUseCase fund, ClockPort clock) {
        this(redemptions, wallet, fund, clock, TokenDeposits.DEFAULT_CLAIM_TIMEOUT);
    }

    /**
     * With {@code claimTimeout}: the age after which a claim is taken to belong to a deposit whose process died. It
     * must be the one the deposit services use, so that a live deposit is never finished behind its caller's back.
     */
    public ReconcileDepositsService(
            TokenRedemptionLogPort redemptions,
            TokenRedemption wallet,
            FundApiKeyUseCase fund,
            ClockPort clock,
            Duration claimTimeout) {
        this.redemptions = redemptions;
        this.wallet = wallet;
        this.fund = fund;
        this.clock = clock;
        this.claimTimeout = TokenDeposits.requirePositive(claimTimeout);
    }

    @Override
    public int reconcile() {
        Instant now = clock.now();
        int credited = 0;
        for (StaleClaim claim : redemptions.findStale(now.minus(claimTimeout), BATCH)) {
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

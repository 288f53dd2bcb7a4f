package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.FundApiKeyUseCase;
import io.routstr.gateway.application.port.in.payment.ReconcileDepositsUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort;
import io.routstr.gateway.application.service.wallet.TokenRedemption;
import java.time.Duration;

/**
 * Credits deposits nobody finished. A token claim older than the claim timeout is looked up at the wallet (after its
 * crash recovery): ecash it holds from the token is credited to the key the claim names, under the same ledger
 * reference a live deposit uses ({@code token:<sha256>}), so a deposit is credited once whoever finishes it; a token
 * that was never taken frees its claim so the client can present it again.
 */
public final class ReconcileDepositsService implements ReconcileDepositsUseCase {

    private static final int BATCH = 100;

    private final TokenDeposits deposits;

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
        this.deposits = new TokenDeposits(redemptions, wallet, fund, clock, claimTimeout);
    }

    @Override
    public int reconcile() {
        return deposits.creditStale(BATCH);
    }
}

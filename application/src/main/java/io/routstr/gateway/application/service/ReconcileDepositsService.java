package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.payment.ReconcileDepositsUseCase;

/**
 * Credits deposits nobody finished. A token claim older than the claim timeout is looked up at the wallet (after its
 * crash recovery): ecash it holds from the token is credited to the key the claim names, under the same ledger
 * reference a live deposit uses ({@code token:<sha256>}), so a deposit is credited once whoever finishes it; a token
 * that was never taken frees its claim so the client can present it again.
 */
public record ReconcileDepositsService(TokenDeposits deposits) implements ReconcileDepositsUseCase {

    private static final int BATCH = 100;

    @Override
    public int reconcile() {
        return deposits.creditStale(BATCH);
    }
}

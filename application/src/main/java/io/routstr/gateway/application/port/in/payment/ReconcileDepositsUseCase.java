package io.routstr.gateway.application.port.in.payment;

/**
 * Use case: finish token deposits whose caller died (a crash after the mint took the token, or before the key was
 * credited): credit the ecash the wallet holds to the key that claimed the token, once, or free the claim when the
 * token was never taken.
 */
public interface ReconcileDepositsUseCase {

    /** Returns how many deposits this pass credited. */
    int reconcile();
}

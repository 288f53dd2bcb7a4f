package io.routstr.gateway.application.port.in.key;

/**
 * Use case: resolve every refund claim left unfinished (a crash after the debit, a lost mint answer): complete it when
 * the payout happened, put the debit back on the key when it did not, so no outcome stays unknown (reference §17).
 */
public interface ReconcileRefundsUseCase {

    /** Returns how many claims this pass completed or reversed. */
    int reconcile();
}

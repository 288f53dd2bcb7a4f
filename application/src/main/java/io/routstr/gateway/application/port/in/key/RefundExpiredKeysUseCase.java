package io.routstr.gateway.application.port.in.key;

/**
 * Use case: refund keys whose owner asked to be paid out at a given time ({@code Key-Expiry-Time} with
 * {@code Refund-LNURL}) once that time has passed. Routstr stores both headers and never acts on them; this node does.
 */
public interface RefundExpiredKeysUseCase {

    /** Returns how many keys were refunded in this pass. */
    int refundDueKeys();
}

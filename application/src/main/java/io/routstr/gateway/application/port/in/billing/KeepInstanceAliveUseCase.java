package io.routstr.gateway.application.port.in.billing;

/**
 * Use case: tell the other instances this one is alive, so that the holds of its requests in flight are kept however
 * long the requests last.
 */
public interface KeepInstanceAliveUseCase {

    void beat();
}

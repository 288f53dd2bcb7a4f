package io.routstr.gateway.application.port.in.payment;

import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase.TokenKeyOutcome;

/**
 * Use case: the key of a Cashu token that pays for one {@code X-Cashu} request (Routstr §3.3), opened as a bearer
 * token's key is ({@link OpenKeyWithTokenUseCase}), with the payment recorded started on it in the same commit when this
 * call opens the key. A key {@link TokenKeyOutcome.AlreadyOpened opened before} has no payment recorded by this call.
 */
public interface OpenKeyToPayOneRequestUseCase {

    TokenKeyOutcome openToPayOneRequest(String token);
}

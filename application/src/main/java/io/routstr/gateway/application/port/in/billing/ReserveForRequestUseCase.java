package io.routstr.gateway.application.port.in.billing;

/** Use case: hold the maximum cost of a request on the key that pays for it, before the request is forwarded. */
public interface ReserveForRequestUseCase {

    ReserveOutcome reserve(ReserveForRequestCommand command);
}

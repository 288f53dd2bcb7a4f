package io.routstr.gateway.application.port.in.proxy;

/**
 * Use case: serve one paid request, from the client's credential to the settled bill and its change (Routstr §3–4):
 * authentication (or the paying token's redemption), the key's rate limits, expiry and spending limits, its refund
 * headers, the reservation of the request's maximum cost, forwarding with failover, settlement, and for an
 * {@code X-Cashu} token the change. A stream is written to {@code sink} as it comes; everything else is in the
 * outcome.
 */
public interface ServePaidRequestUseCase {

    PaidRequestOutcome serve(ServePaidRequestCommand command, ResponseSink sink);
}

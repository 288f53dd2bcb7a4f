package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.Optional;

/**
 * Port: per-request ecash payments ({@code X-Cashu}), by the paying token's fingerprint: which key the token became,
 * and the change handed back, kept so that change lost in transit can be fetched again
 * ({@code POST /v1/balance/refund} with the original token).
 */
public interface EcashPaymentLogPort {

    /** Records that the token paid through {@code keyId}; a no-op when it is recorded already. */
    void started(TokenFingerprint tokenHash, ApiKeyId keyId, Instant now);

    /** Records the change (a token, or none when nothing was left) once; returns false if change was recorded before. */
    boolean changeIssued(TokenFingerprint tokenHash, Optional<String> changeToken, Msats amount, Instant now);

    Optional<EcashPayment> find(TokenFingerprint tokenHash);

    /** A per-request payment: its key, and its change once issued. */
    record EcashPayment(
            TokenFingerprint tokenHash,
            ApiKeyId keyId,
            boolean finished,
            Optional<String> changeToken,
            Msats changeAmount) {}
}

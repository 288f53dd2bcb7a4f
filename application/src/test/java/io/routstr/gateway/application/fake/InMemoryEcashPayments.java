package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** In-memory per-request ecash payments. */
public final class InMemoryEcashPayments implements EcashPaymentLogPort {

    private final Map<TokenFingerprint, EcashPayment> payments = new HashMap<>();

    @Override
    public synchronized void started(TokenFingerprint tokenHash, ApiKeyId keyId, Instant now) {
        payments.putIfAbsent(tokenHash, new EcashPayment(tokenHash, keyId, false, Optional.empty(), Msats.ZERO));
    }

    @Override
    public synchronized boolean changeIssued(
            TokenFingerprint tokenHash, Optional<String> changeToken, Msats amount, Instant now) {
        EcashPayment payment = payments.get(tokenHash);
        if (payment == null || payment.finished()) {
            return false;
        }
        payments.put(tokenHash, new EcashPayment(tokenHash, payment.keyId(), true, changeToken, amount));
        return true;
    }

    @Override
    public synchronized Optional<EcashPayment> find(TokenFingerprint tokenHash) {
        return Optional.ofNullable(payments.get(tokenHash));
    }
}

package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The contract of {@link EcashPaymentLogPort}, for the in-memory fake and PostgreSQL. */
public abstract class EcashPaymentLogContract {

    private final Instant now = Instant.parse("2026-03-10T12:00:00Z");

    protected abstract EcashPaymentLogPort payments();

    protected abstract ApiKeyId existingKey();

    private static TokenFingerprint hash() {
        return TokenFingerprint.of("cashuB" + UUID.randomUUID());
    }

    @Test
    void aPaymentIsStartedOnceAndFinishedOnce() {
        TokenFingerprint token = hash();
        ApiKeyId key = existingKey();

        payments().started(token, key, now);
        payments().started(token, key, now);

        assertThat(payments().find(token))
                .contains(new EcashPaymentLogPort.EcashPayment(token, key, false, Optional.empty(), Msats.ZERO));
        assertThat(payments().changeIssued(token, Optional.of("cashuBchange"), Msats.of(5_000), now))
                .isTrue();
        assertThat(payments().changeIssued(token, Optional.of("cashuBother"), Msats.of(1), now))
                .isFalse();
        assertThat(payments().find(token))
                .contains(new EcashPaymentLogPort.EcashPayment(
                        token, key, true, Optional.of("cashuBchange"), Msats.of(5_000)));
    }

    @Test
    void anUnknownTokenHasNoPayment() {
        assertThat(payments().find(hash())).isEmpty();
        assertThat(payments().changeIssued(hash(), Optional.empty(), Msats.ZERO, now))
                .isFalse();
    }
}

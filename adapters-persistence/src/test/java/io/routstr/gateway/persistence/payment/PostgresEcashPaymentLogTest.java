package io.routstr.gateway.persistence.payment;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.contract.EcashPaymentLogContract;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import io.routstr.gateway.persistence.secret.AtRestCipher;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@PostgresAdapterTest
class PostgresEcashPaymentLogTest extends EcashPaymentLogContract {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @Autowired
    JdbcEcashPaymentLogAdapter adapter;

    @Autowired
    ApiKeyPort apiKeys;

    @Autowired
    JdbcClient jdbc;

    @Override
    protected EcashPaymentLogPort payments() {
        return adapter;
    }

    @Override
    protected ApiKeyId existingKey() {
        return apiKeys.createIfAbsent(anApiKey().build()).id();
    }

    @Test
    void theChangeTokenIsStoredSealed_whoeverReadsTheTableCannotSpendIt() {
        TokenFingerprint paidWith = TokenFingerprint.of("cashuBpaid-" + UUID.randomUUID());
        String change = "cashuBchange-" + UUID.randomUUID();
        adapter.started(paidWith, existingKey(), NOW);

        adapter.changeIssued(paidWith, Optional.of(change), Msats.of(7_000), NOW);

        assertThat(storedChangeToken(paidWith))
                .isNotEqualTo(change)
                .doesNotContain(change)
                .startsWith(AtRestCipher.TEXT_PREFIX);
        assertThat(adapter.find(paidWith).orElseThrow().changeToken()).contains(change);
    }

    @Test
    void aChangeTokenStoredUnsealedByAnEarlierVersionIsStillRead() {
        TokenFingerprint paidWith = TokenFingerprint.of("cashuBpaid-" + UUID.randomUUID());
        String change = "cashuBchange-" + UUID.randomUUID();
        ApiKeyId key = existingKey();
        jdbc.sql("INSERT INTO ecash_payments (token_hash, key_id, finished, change_token, change_msats, started_at,"
                        + " finished_at) VALUES (?, ?, true, ?, 7000, ?, ?)")
                .params(paidWith.value(), key.value(), change, Timestamp.from(NOW), Timestamp.from(NOW))
                .update();

        assertThat(adapter.find(paidWith))
                .contains(new EcashPaymentLogPort.EcashPayment(
                        paidWith, key, true, Optional.of(change), Msats.of(7_000)));
    }

    private String storedChangeToken(TokenFingerprint paidWith) {
        return jdbc.sql("SELECT change_token FROM ecash_payments WHERE token_hash = ?")
                .params(paidWith.value())
                .query(String.class)
                .single();
    }
}

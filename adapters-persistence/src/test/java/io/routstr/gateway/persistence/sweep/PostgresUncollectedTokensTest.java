package io.routstr.gateway.persistence.sweep;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.contract.UncollectedTokenContract;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.application.port.out.UncollectedTokenPort;
import io.routstr.gateway.application.port.out.UncollectedTokenPort.Source;
import io.routstr.gateway.application.port.out.UncollectedTokenPort.SweepState;
import io.routstr.gateway.application.port.out.UncollectedTokenPort.UncollectedToken;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import io.routstr.gateway.persistence.secret.AtRestCipher;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The contract on PostgreSQL, with change handed out as the node does: through the payment log, which seals it. A
 * change token stored unsealed by an earlier version is still claimed and swept.
 */
@PostgresAdapterTest
class PostgresUncollectedTokensTest extends UncollectedTokenContract {

    private static final Timestamp CONTRACT_YEAR_END = Timestamp.from(Instant.parse("2001-01-01T00:00:00Z"));
    private static final Instant ISSUED = Instant.parse("2000-06-01T00:00:00Z");

    @Autowired
    JdbcUncollectedTokenAdapter tokens;

    @Autowired
    EcashPaymentLogPort payments;

    @Autowired
    ApiKeyPort apiKeys;

    @Autowired
    JdbcClient jdbc;

    @Override
    protected UncollectedTokenPort emptyTokens() {
        jdbc.sql("DELETE FROM ecash_payments WHERE finished_at < ?")
                .params(CONTRACT_YEAR_END)
                .update();
        return tokens;
    }

    @Override
    protected void handOutChange(String id, String token, Instant issuedAt) {
        ApiKey payer = apiKeys.createIfAbsent(anApiKey().createdAt(issuedAt).build());
        TokenFingerprint paidWith = TokenFingerprint.parse(id);
        payments.started(paidWith, payer.id(), issuedAt);
        payments.changeIssued(paidWith, Optional.of(token), Msats.of(1_000), issuedAt);
    }

    @Test
    void sealedChangeIsClaimedInTheClear_andSweepingItClearsTheColumn() {
        String id = TokenFingerprint.of("cashuBpaid-" + UUID.randomUUID()).value();
        String change = "cashuBchange-" + UUID.randomUUID();
        handOutChange(id, change, ISSUED);
        assertThat(storedChangeToken(id)).startsWith(AtRestCipher.TEXT_PREFIX).doesNotContain(change);

        assertThat(claimAll()).containsExactly(new UncollectedToken(Source.CHANGE, id, change));
        tokens.finish(
                new UncollectedToken(Source.CHANGE, id, change), SweepState.SWEPT, ISSUED.plus(Duration.ofDays(2)));

        assertThat(storedChangeToken(id)).isNull();
    }

    @Test
    void changeStoredUnsealedByAnEarlierVersionIsStillClaimedAndSwept() {
        String id = TokenFingerprint.of("cashuBpaid-" + UUID.randomUUID()).value();
        String change = "cashuBchange-" + UUID.randomUUID();
        ApiKey payer = apiKeys.createIfAbsent(anApiKey().createdAt(ISSUED).build());
        jdbc.sql("INSERT INTO ecash_payments (token_hash, key_id, finished, change_token, change_msats, started_at,"
                        + " finished_at) VALUES (?, ?, true, ?, 1000, ?, ?)")
                .params(id, payer.id().value(), change, Timestamp.from(ISSUED), Timestamp.from(ISSUED))
                .update();

        assertThat(claimAll()).containsExactly(new UncollectedToken(Source.CHANGE, id, change));
        tokens.finish(
                new UncollectedToken(Source.CHANGE, id, change), SweepState.SWEPT, ISSUED.plus(Duration.ofDays(2)));

        assertThat(storedChangeToken(id)).isNull();
    }

    private List<UncollectedToken> claimAll() {
        Instant now = ISSUED.plus(Duration.ofDays(2));
        return tokens.claim(now.minus(Duration.ofDays(1)), now.minus(Duration.ofMinutes(10)), now, 10).stream()
                .filter(token -> token.source() == Source.CHANGE)
                .toList();
    }

    private String storedChangeToken(String id) {
        return jdbc.sql("SELECT change_token FROM ecash_payments WHERE token_hash = ?")
                .params(id)
                .query(String.class)
                .optional()
                .orElse(null);
    }
}

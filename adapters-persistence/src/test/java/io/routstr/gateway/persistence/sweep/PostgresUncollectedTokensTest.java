package io.routstr.gateway.persistence.sweep;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;

import io.routstr.gateway.application.contract.UncollectedTokenContract;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.UncollectedTokenPort;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@PostgresAdapterTest
class PostgresUncollectedTokensTest extends UncollectedTokenContract {

    private static final Timestamp CONTRACT_YEAR_END = Timestamp.from(Instant.parse("2001-01-01T00:00:00Z"));

    @Autowired
    JdbcUncollectedTokenAdapter tokens;

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
        jdbc.sql("INSERT INTO ecash_payments (token_hash, key_id, finished, change_token, change_msats, started_at,"
                        + " finished_at) VALUES (?, ?, true, ?, 1000, ?, ?)")
                .params(id, payer.id().value(), token, Timestamp.from(issuedAt), Timestamp.from(issuedAt))
                .update();
    }
}

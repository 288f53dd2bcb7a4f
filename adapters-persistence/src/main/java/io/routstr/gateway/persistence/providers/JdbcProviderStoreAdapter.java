package io.routstr.gateway.persistence.providers;

import io.routstr.gateway.application.port.out.ProviderStorePort;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.domain.provider.UpstreamProvider;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The provider table; API keys go in and out through {@link ProviderSecretCipher}, never in plain text. */
@Component
record JdbcProviderStoreAdapter(JdbcClient jdbc, TransactionTemplate tx, ProviderSecretCipher cipher)
        implements ProviderStorePort {

    /** Serialises seeding across instances: the first to start seeds, the others find the table filled. */
    private static final long SEED_LOCK = 0x5e3d_0002L;

    @Override
    public List<UpstreamProvider> findAll() {
        return jdbc.sql("SELECT id, provider_type, base_url, api_key_ciphertext, api_version, provider_fee, enabled"
                        + " FROM upstream_providers ORDER BY created_at, id")
                .query(this::row)
                .list();
    }

    @Override
    public int seedIfEmpty(List<NewProvider> providers) {
        Integer seeded = tx.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(?)")
                    .params(SEED_LOCK)
                    .query((rs, n) -> 1)
                    .list();
            Integer existing = jdbc.sql("SELECT count(*) FROM upstream_providers")
                    .query(Integer.class)
                    .single();
            if (existing != null && existing > 0) {
                return 0;
            }
            providers.forEach(this::insert);
            return providers.size();
        });
        return seeded == null ? 0 : seeded;
    }

    @Override
    public UpstreamProvider add(NewProvider provider) {
        return tx.execute(status -> insert(provider));
    }

    private UpstreamProvider insert(NewProvider provider) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO upstream_providers (id, provider_type, base_url, api_key_ciphertext, api_version,"
                        + " provider_fee, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        id,
                        provider.type().wireName(),
                        provider.baseUrl(),
                        provider.apiKey().map(cipher::encrypt).orElse(null),
                        provider.apiVersion().orElse(null),
                        provider.fee().multiplier(),
                        provider.enabled(),
                        Timestamp.from(Instant.now()))
                .update();
        return new UpstreamProvider(
                new ProviderId(id.toString()),
                provider.type(),
                provider.baseUrl(),
                provider.apiKey(),
                provider.fee(),
                provider.enabled(),
                provider.apiVersion());
    }

    private UpstreamProvider row(ResultSet rs, int rowNumber) throws SQLException {
        String ciphertext = rs.getString("api_key_ciphertext");
        return new UpstreamProvider(
                new ProviderId(rs.getObject("id", UUID.class).toString()),
                ProviderType.fromName(rs.getString("provider_type")).orElse(ProviderType.GENERIC),
                rs.getString("base_url"),
                ciphertext == null ? Optional.empty() : Optional.of(cipher.decrypt(ciphertext)),
                new ProviderFee(rs.getBigDecimal("provider_fee")),
                rs.getBoolean("enabled"),
                Optional.ofNullable(rs.getString("api_version")));
    }
}

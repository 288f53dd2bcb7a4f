package io.routstr.gateway.persistence.providers;

import io.routstr.gateway.application.port.out.PriceOverridePort;
import io.routstr.gateway.domain.provider.PriceOverride;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code model_price_overrides} table. */
@Component
record JdbcPriceOverrideAdapter(JdbcClient jdbc) implements PriceOverridePort {

    @Override
    public List<PriceOverride> findAll() {
        return jdbc.sql(
                        "SELECT model_id, prompt_usd, completion_usd, request_usd, cache_read_usd, cache_write_usd, enabled"
                                + " FROM model_price_overrides ORDER BY model_id")
                .query((rs, n) -> new PriceOverride(
                        rs.getString("model_id"),
                        rs.getBigDecimal("prompt_usd"),
                        rs.getBigDecimal("completion_usd"),
                        rs.getBigDecimal("request_usd"),
                        Optional.ofNullable(rs.getBigDecimal("cache_read_usd")),
                        Optional.ofNullable(rs.getBigDecimal("cache_write_usd")),
                        rs.getBoolean("enabled")))
                .list();
    }

    @Override
    public void save(PriceOverride override) {
        jdbc.sql("INSERT INTO model_price_overrides (model_id, prompt_usd, completion_usd, request_usd, cache_read_usd,"
                        + " cache_write_usd, enabled) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (model_id) DO UPDATE SET"
                        + " prompt_usd = EXCLUDED.prompt_usd, completion_usd = EXCLUDED.completion_usd,"
                        + " request_usd = EXCLUDED.request_usd, cache_read_usd = EXCLUDED.cache_read_usd,"
                        + " cache_write_usd = EXCLUDED.cache_write_usd, enabled = EXCLUDED.enabled")
                .params(
                        override.modelId(),
                        override.prompt(),
                        override.completion(),
                        override.request(),
                        override.cacheRead().orElse(null),
                        override.cacheWrite().orElse(null),
                        override.enabled())
                .update();
    }
}

package io.routstr.gateway.persistence.providers;

import io.routstr.gateway.application.port.out.PriceOverridePort;
import io.routstr.gateway.domain.provider.PriceOverride;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code model_price_overrides} table. */
@Component
class JdbcPriceOverrideAdapter implements PriceOverridePort {

    private final JdbcTemplate jdbc;

    JdbcPriceOverrideAdapter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<PriceOverride> findAll() {
        return jdbc.query(
                "SELECT model_id, prompt_usd, completion_usd, request_usd, cache_read_usd, cache_write_usd, enabled"
                        + " FROM model_price_overrides ORDER BY model_id",
                (rs, n) -> new PriceOverride(
                        rs.getString("model_id"),
                        rs.getBigDecimal("prompt_usd"),
                        rs.getBigDecimal("completion_usd"),
                        rs.getBigDecimal("request_usd"),
                        Optional.ofNullable(rs.getBigDecimal("cache_read_usd")),
                        Optional.ofNullable(rs.getBigDecimal("cache_write_usd")),
                        rs.getBoolean("enabled")));
    }

    @Override
    public void save(PriceOverride override) {
        jdbc.update(
                "INSERT INTO model_price_overrides (model_id, prompt_usd, completion_usd, request_usd, cache_read_usd,"
                        + " cache_write_usd, enabled) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (model_id) DO UPDATE SET"
                        + " prompt_usd = EXCLUDED.prompt_usd, completion_usd = EXCLUDED.completion_usd,"
                        + " request_usd = EXCLUDED.request_usd, cache_read_usd = EXCLUDED.cache_read_usd,"
                        + " cache_write_usd = EXCLUDED.cache_write_usd, enabled = EXCLUDED.enabled",
                override.modelId(),
                override.prompt(),
                override.completion(),
                override.request(),
                override.cacheRead().orElse(null),
                override.cacheWrite().orElse(null),
                override.enabled());
    }
}

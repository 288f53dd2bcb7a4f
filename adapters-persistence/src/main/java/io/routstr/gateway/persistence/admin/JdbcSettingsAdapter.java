package io.routstr.gateway.persistence.admin;

import io.routstr.gateway.application.port.out.SettingsStorePort;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The operator's edited settings on PostgreSQL: one row per name, the last write winning. */
@Component
record JdbcSettingsAdapter(JdbcClient jdbc) implements SettingsStorePort {

    @Override
    public Map<String, String> load() {
        Map<String, String> values = new LinkedHashMap<>();
        jdbc.sql("SELECT name, value FROM admin_settings ORDER BY name").query(rs -> {
            values.put(rs.getString("name"), rs.getString("value"));
        });
        return values;
    }

    @Override
    public void save(String name, Optional<String> value, Instant now) {
        if (value.isEmpty()) {
            jdbc.sql("DELETE FROM admin_settings WHERE name = ?").params(name).update();
            return;
        }
        jdbc.sql("INSERT INTO admin_settings (name, value, updated_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at")
                .params(name, value.get(), Timestamp.from(now))
                .update();
    }
}

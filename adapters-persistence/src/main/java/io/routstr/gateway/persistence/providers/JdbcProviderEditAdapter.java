package io.routstr.gateway.persistence.providers;

import io.routstr.gateway.application.port.out.admin.ProviderEditPort;
import io.routstr.gateway.domain.provider.ProviderId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The operator's edits of a provider row; a rotated API key is encrypted by {@link ProviderSecretCipher}. */
@Component
record JdbcProviderEditAdapter(JdbcClient jdbc, ProviderSecretCipher cipher) implements ProviderEditPort {

    @Override
    public boolean update(ProviderId id, ProviderChange change) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id.value());
        } catch (IllegalArgumentException notAUuid) {
            return false;
        }
        List<String> sets = new ArrayList<>();
        List<Object> arguments = new ArrayList<>();
        change.baseUrl().ifPresent(url -> {
            sets.add("base_url = ?");
            arguments.add(url);
        });
        change.apiKey().ifPresent(key -> {
            sets.add("api_key_ciphertext = ?");
            arguments.add(cipher.encrypt(key));
        });
        change.fee().ifPresent(fee -> {
            sets.add("provider_fee = ?");
            arguments.add(fee.multiplier());
        });
        change.enabled().ifPresent(enabled -> {
            sets.add("enabled = ?");
            arguments.add(enabled);
        });
        change.apiVersion().ifPresent(version -> {
            sets.add("api_version = ?");
            arguments.add(version.isBlank() ? null : version.strip());
        });
        if (sets.isEmpty()) {
            Integer found = jdbc.sql("SELECT count(*) FROM upstream_providers WHERE id = ?")
                    .params(uuid)
                    .query(Integer.class)
                    .single();
            return found != null && found > 0;
        }
        arguments.add(uuid);
        return jdbc.sql("UPDATE upstream_providers SET " + String.join(", ", sets) + " WHERE id = ?")
                        .params(arguments)
                        .update()
                == 1;
    }
}

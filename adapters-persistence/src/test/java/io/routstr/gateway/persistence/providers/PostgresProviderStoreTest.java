package io.routstr.gateway.persistence.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.contract.ProviderStoreContract;
import io.routstr.gateway.application.port.out.ProviderStorePort;
import io.routstr.gateway.application.port.out.ProviderStorePort.NewProvider;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.ProviderSecret;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.persistence.PostgresAdapterTest;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@PostgresAdapterTest
class PostgresProviderStoreTest extends ProviderStoreContract {

    @Autowired
    JdbcProviderStoreAdapter adapter;

    @Autowired
    JdbcClient jdbc;

    @Override
    protected ProviderStorePort emptyStore() {
        jdbc.sql("DELETE FROM upstream_providers").update();
        return adapter;
    }

    @Test
    void aProviderKeyIsStoredEncrypted() {
        emptyStore()
                .add(new NewProvider(
                        ProviderType.OPENAI,
                        "https://api.openai.com/v1",
                        Optional.of(ProviderSecret.of("sk-very-secret-provider-key")),
                        ProviderFee.of("1.05"),
                        true,
                        Optional.empty()));

        String stored = jdbc.sql("SELECT api_key_ciphertext FROM upstream_providers")
                .query(String.class)
                .single();
        assertThat(stored).doesNotContain("secret");
    }
}

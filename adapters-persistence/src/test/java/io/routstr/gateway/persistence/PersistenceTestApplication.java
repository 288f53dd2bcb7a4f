package io.routstr.gateway.persistence;

import io.routstr.gateway.persistence.providers.ProviderSecretCipher;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A Spring context with only the persistence adapter, on the shared test PostgreSQL. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(PersistenceConfiguration.class)
public class PersistenceTestApplication {

    /** Provider keys are encrypted with a key the application derives from the node secret; a fixed one here. */
    @Bean
    ProviderSecretCipher providerSecretCipher() {
        return ProviderSecretCipher.fromPassphrase("persistence-test-node-secret");
    }

    /** The test database, for every test of this context ({@link PostgresAdapterTest}). */
    @Bean
    static DynamicPropertyRegistrar testDatabase() {
        return PersistenceTestApplication::registerDatabase;
    }

    /** Registers the test database for a {@code @DynamicPropertySource} method of a context of its own. */
    public static void registerDatabase(DynamicPropertyRegistry registry) {
        TestPostgres.datasourceProperties().forEach((name, value) -> registry.add(name, () -> value));
        // Secrets at rest (the wallet seed, provider keys) live in this shared database: every context reading it must
        // use the same node secret, or the second one to start could not decrypt what the first stored.
        registry.add("ROUTSTR_SECRET_KEY", () -> "the test database's node secret");
    }
}

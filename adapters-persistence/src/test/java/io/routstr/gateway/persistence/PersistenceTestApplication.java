package io.routstr.gateway.persistence;

import io.routstr.gateway.persistence.accounts.GroupCommit;
import io.routstr.gateway.persistence.providers.ProviderSecretCipher;
import io.routstr.gateway.persistence.secret.AtRestCipher;
import javax.sql.DataSource;
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

    /** The secret the test stores are sealed with; the application derives it from the node secret. */
    public static final String NODE_SECRET = "persistence-test-node-secret";

    /** Secrets at rest (provider keys, the wallet seed) are sealed with keys derived from the node secret. */
    @Bean
    AtRestCipher atRestCipher() {
        return AtRestCipher.fromNodeSecret(NODE_SECRET);
    }

    @Bean
    ProviderSecretCipher providerSecretCipher(AtRestCipher cipher) {
        return new ProviderSecretCipher(cipher);
    }

    /** Group commit on, as the node runs by default. */
    @Bean
    GroupCommit groupCommit(DataSource dataSource) {
        return new GroupCommit(dataSource, true);
    }

    /** The test database, for every test of this context ({@link PostgresAdapterTest}). */
    @Bean
    static DynamicPropertyRegistrar testDatabase() {
        return PersistenceTestApplication::registerDatabase;
    }

    /** Registers the test database for a {@code @DynamicPropertySource} method of a context of its own. */
    public static void registerDatabase(DynamicPropertyRegistry registry) {
        TestPostgres.datasourcePropertiesOutlivingSpringContexts()
                .forEach((name, value) -> registry.add(name, () -> value));
        // Secrets at rest (the wallet seed, provider keys) live in this shared database: every context reading it must
        // use the same node secret, or the second one to start could not decrypt what the first stored.
        registry.add("ROUTSTR_SECRET_KEY", () -> "the test database's node secret");
    }
}

package io.routstr.gateway.persistence;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A Spring context with only the persistence adapter, on the shared test PostgreSQL. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(PersistenceConfiguration.class)
public class PersistenceTestApplication {

    /** Registers the test database for a {@code @DynamicPropertySource} method. */
    public static void registerDatabase(DynamicPropertyRegistry registry) {
        TestPostgres.datasourceProperties().forEach((name, value) -> registry.add(name, () -> value));
    }
}

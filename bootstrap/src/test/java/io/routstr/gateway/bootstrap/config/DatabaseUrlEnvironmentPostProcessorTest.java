package io.routstr.gateway.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseUrlEnvironmentPostProcessorTest {

    @Test
    void routstrsUrlFormBecomesAJdbcUrlWithCredentials() {
        Map<String, Object> properties = DatabaseUrlEnvironmentPostProcessor.toDatasourceProperties(
                "postgresql://routstr:s%40cret@db.internal:5433/routstr?sslmode=require");

        assertThat(properties)
                .containsEntry("spring.datasource.url", "jdbc:postgresql://db.internal:5433/routstr?sslmode=require")
                .containsEntry("spring.datasource.username", "routstr")
                .containsEntry("spring.datasource.password", "s@cret");
    }

    @Test
    void asyncpgAndPostgresSchemesAreAccepted() {
        assertThat(DatabaseUrlEnvironmentPostProcessor.toDatasourceProperties("postgresql+asyncpg://u:p@h/db"))
                .containsEntry("spring.datasource.url", "jdbc:postgresql://h/db");
        assertThat(DatabaseUrlEnvironmentPostProcessor.toDatasourceProperties("postgres://u@h:1/db"))
                .containsEntry("spring.datasource.url", "jdbc:postgresql://h:1/db")
                .doesNotContainKey("spring.datasource.password");
    }

    @Test
    void aJdbcUrlIsTakenAsItIs() {
        assertThat(DatabaseUrlEnvironmentPostProcessor.toDatasourceProperties("jdbc:postgresql://h/db"))
                .containsEntry("spring.datasource.url", "jdbc:postgresql://h/db");
    }

    @Test
    void sqliteIsRefusedWithAClearMessage() {
        assertThatThrownBy(
                        () -> DatabaseUrlEnvironmentPostProcessor.toDatasourceProperties("sqlite+aiosqlite:///keys.db"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PostgreSQL");
    }
}

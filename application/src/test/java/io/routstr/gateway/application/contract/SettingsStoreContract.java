package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.SettingsStorePort;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The contract of {@link SettingsStorePort}: every implementation, in memory or on PostgreSQL, must pass it. */
public abstract class SettingsStoreContract {

    private static final Instant NOW = Instant.parse("2026-05-04T10:00:00Z");

    protected abstract SettingsStorePort settings();

    @Test
    void aSavedValueIsLoadedByItsName() {
        settings().save("NAME", Optional.of("My node"), NOW);

        assertThat(settings().load()).containsEntry("NAME", "My node");
    }

    @Test
    void theLastValueSavedWins() {
        settings().save("DESCRIPTION", Optional.of("first"), NOW);
        settings().save("DESCRIPTION", Optional.of("second"), NOW.plusSeconds(1));

        assertThat(settings().load()).containsEntry("DESCRIPTION", "second");
    }

    @Test
    void savingNoValueRemovesTheName() {
        settings().save("HTTP_URL", Optional.of("https://node.example"), NOW);

        settings().save("HTTP_URL", Optional.empty(), NOW);

        assertThat(settings().load()).doesNotContainKey("HTTP_URL");
    }
}

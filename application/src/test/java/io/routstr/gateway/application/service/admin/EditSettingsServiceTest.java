package io.routstr.gateway.application.service.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.InMemorySettingsStore;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.in.admin.EditSettingsUseCase.EditOutcome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EditSettingsServiceTest {

    private final InMemorySettingsStore store = new InMemorySettingsStore();
    private final Map<String, String> environment = Map.of(
            "NAME", "From the environment", "DESCRIPTION", "", "NSEC", "nsec1secret", "CASHU_MINTS", "https://m");
    private final LiveSettings live = new LiveSettings(Map.of(EditableSetting.NAME, "From the environment"), store);
    private final EditSettingsService service = new EditSettingsService(
            new ViewSettingsService(environment, Set.of("NSEC")), live, MutableClock.at("2026-05-04T10:00:00Z"));

    private static Map<String, Optional<String>> changes(Object... pairs) {
        Map<String, Optional<String>> changes = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            changes.put((String) pairs[i], Optional.ofNullable((String) pairs[i + 1]));
        }
        return changes;
    }

    @Test
    void anEditedSettingWinsOverTheEnvironmentAndAppliesAtOnce() {
        EditOutcome outcome = service.edit(changes("name", "Edited node", "HTTP_URL", "https://node.example"));

        assertThat(outcome).isInstanceOf(EditOutcome.Edited.class);
        assertThat(((EditOutcome.Edited) outcome).settings())
                .containsEntry("NAME", "Edited node")
                .containsEntry("HTTP_URL", "https://node.example");
        assertThat(live.get(EditableSetting.NAME)).isEqualTo("Edited node");
        assertThat(store.load()).containsEntry("NAME", "Edited node");
    }

    @Test
    void anEmptyValueRestoresTheEnvironments() {
        service.edit(changes("NAME", "Edited node"));

        service.edit(changes("NAME", null));

        assertThat(service.settings()).containsEntry("NAME", "From the environment");
        assertThat(store.load()).doesNotContainKey("NAME");
    }

    @Test
    void anInvalidValueOrANameThatCannotChangeAtRunTimeChangesNothing() {
        EditOutcome outcome =
                service.edit(changes("NAME", "Fine", "HTTP_URL", "ftp://nope", "CASHU_MINTS", "https://other"));

        assertThat(outcome).isInstanceOf(EditOutcome.Invalid.class);
        assertThat(((EditOutcome.Invalid) outcome).errors())
                .anySatisfy(e -> assertThat(e).startsWith("HTTP_URL"))
                .anySatisfy(e -> assertThat(e).startsWith("CASHU_MINTS cannot change at run time"));
        assertThat(store.load()).isEmpty();
        assertThat(live.get(EditableSetting.NAME)).isEqualTo("From the environment");
    }

    @Test
    void secretsAreIgnoredAndStayRedacted() {
        EditOutcome outcome = service.edit(changes("nsec", "nsec1other", "NAME", "Edited"));

        assertThat(outcome).isInstanceOf(EditOutcome.Edited.class);
        assertThat(service.settings()).containsEntry("NSEC", "[REDACTED]");
        assertThat(store.load()).doesNotContainKey("NSEC");
    }

    @Test
    void anEditMadeOnAnotherInstanceIsTakenUpAtTheNextReload() {
        LiveSettings other = new LiveSettings(Map.of(), store);
        service.edit(changes("DESCRIPTION", "Shared"));

        other.reload();

        assertThat(other.get(EditableSetting.DESCRIPTION)).isEqualTo("Shared");
    }
}

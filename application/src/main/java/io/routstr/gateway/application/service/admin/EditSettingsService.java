package io.routstr.gateway.application.service.admin;

import io.routstr.gateway.application.port.in.admin.EditSettingsUseCase;
import io.routstr.gateway.application.port.in.admin.ViewSettingsUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Validates an edit of the settings as a whole and stores it through {@link LiveSettings}; shows the environment's
 * settings with the edited ones in their place. A name that holds a secret is ignored (Routstr ignores its
 * {@code upstream_api_key} and {@code nsec} too); any other name that cannot change at run time is refused.
 */
public record EditSettingsService(ViewSettingsUseCase environment, LiveSettings live, ClockPort clock)
        implements EditSettingsUseCase {

    @Override
    public Map<String, String> settings() {
        Map<String, String> shown = new LinkedHashMap<>(environment.settings());
        live.values().forEach((setting, value) -> shown.put(setting.name(), value));
        return shown;
    }

    @Override
    public Set<String> editable() {
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(EditableSetting.values()).forEach(s -> names.add(s.name()));
        return names;
    }

    @Override
    public EditOutcome edit(Map<String, Optional<String>> changes) {
        Map<String, String> shown = environment.settings();
        Map<EditableSetting, Optional<String>> edits = new EnumMap<>(EditableSetting.class);
        List<String> errors = new ArrayList<>();
        changes.forEach((name, value) -> {
            String upper = name.strip().toUpperCase(Locale.ROOT);
            if (upper.equals("NSEC") || ViewSettingsUseCase.REDACTED.equals(shown.get(upper))) {
                return; // a secret: never changed here
            }
            Optional<EditableSetting> setting = EditableSetting.named(upper);
            if (setting.isEmpty()) {
                errors.add(upper + " cannot change at run time; set it in the environment and restart (editable: "
                        + String.join(", ", editable()) + ")");
                return;
            }
            value.flatMap(setting.get()::problem).ifPresent(errors::add);
            edits.put(setting.get(), value);
        });
        if (!errors.isEmpty()) {
            return new EditOutcome.Invalid(errors);
        }
        live.save(edits, clock.now());
        return new EditOutcome.Edited(settings());
    }
}

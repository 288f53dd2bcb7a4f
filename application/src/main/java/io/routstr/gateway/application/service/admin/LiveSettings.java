package io.routstr.gateway.application.service.admin;

import io.routstr.gateway.application.port.out.SettingsStorePort;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The current value of every {@link EditableSetting}: the environment's, overridden by the operator's edits in the
 * store. Readers ask it at each use, so an edit applies without a restart; it re-reads the store after an edit here
 * and on {@link #reload()}, which a job calls now and then so that an edit made on another instance reaches this one.
 */
public final class LiveSettings {

    private final Map<EditableSetting, String> defaults;
    private final SettingsStorePort store;
    private volatile Map<EditableSetting, String> current;

    /** {@code environment} holds the environment's value of each editable setting (a missing one is empty). */
    public LiveSettings(Map<EditableSetting, String> environment, SettingsStorePort store) {
        this.defaults = new EnumMap<>(EditableSetting.class);
        for (EditableSetting setting : EditableSetting.values()) {
            defaults.put(setting, Objects.requireNonNullElse(environment.get(setting), ""));
        }
        this.store = Objects.requireNonNull(store, "store");
        this.current = Map.copyOf(defaults);
    }

    /** The setting's value now. */
    public String get(EditableSetting setting) {
        return current.get(setting);
    }

    /** Every editable setting's value now. */
    public Map<EditableSetting, String> values() {
        return current;
    }

    /** Re-reads the edited values from the store; names no longer editable are ignored. */
    public void reload() {
        Map<EditableSetting, String> next = new EnumMap<>(defaults);
        store.load()
                .forEach((name, value) -> EditableSetting.named(name).ifPresent(setting -> next.put(setting, value)));
        current = Map.copyOf(next);
    }

    /** Stores the edits (an empty value restores the environment's) and applies them here at once. */
    void save(Map<EditableSetting, Optional<String>> edits, Instant now) {
        edits.forEach((setting, value) -> store.save(setting.name(), value.map(String::strip), now));
        reload();
    }
}

package io.routstr.gateway.application.service.admin;

import io.routstr.gateway.application.port.in.admin.ViewSettingsUseCase;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The settings the node started with, as translated at the edge, with secrets replaced before anyone reads them. */
public final class ViewSettingsService implements ViewSettingsUseCase {

    private final Map<String, String> settings;

    /** {@code secretNames} are shown as {@link #REDACTED} when set, and as empty when not. */
    public ViewSettingsService(Map<String, String> settings, Set<String> secretNames) {
        Map<String, String> shown = new LinkedHashMap<>();
        settings.forEach((name, value) -> {
            String safe = value == null ? "" : value;
            shown.put(name, secretNames.contains(name) && !safe.isEmpty() ? REDACTED : safe);
        });
        this.settings = Collections.unmodifiableMap(shown);
    }

    @Override
    public Map<String, String> settings() {
        return settings;
    }
}

package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.SettingsStorePort;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link SettingsStorePort} in memory. */
public final class InMemorySettingsStore implements SettingsStorePort {

    private final Map<String, String> values = new TreeMap<>();

    @Override
    public synchronized Map<String, String> load() {
        return Map.copyOf(values);
    }

    @Override
    public synchronized void save(String name, Optional<String> value, Instant now) {
        value.ifPresentOrElse(v -> values.put(name, v), () -> values.remove(name));
    }
}

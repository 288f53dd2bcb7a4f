package io.routstr.gateway.application.port.out;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Port: the settings the operator edited at run time, by environment name, shared by every instance. A stored value
 * wins over the environment's; removing it restores the environment's. Holds no secret.
 */
public interface SettingsStorePort {

    /** Every stored value by name. */
    Map<String, String> load();

    /** Stores {@code value} under {@code name}, or removes the name when empty. */
    void save(String name, Optional<String> value, Instant now);
}

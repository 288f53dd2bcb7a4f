package io.routstr.gateway.application.port.out.admin;

import java.time.Instant;
import java.util.Optional;

/** Port: the operator's one password hash, shared by every instance on the database. */
public interface AdminPasswordPort {

    Optional<String> passwordHash();

    /**
     * Stores {@code hash} only if no password exists yet; true when this call stored it. Instances starting together
     * race here and exactly one wins, so exactly one prints a generated password.
     */
    boolean initialize(String hash, Instant now);

    /** Replaces the stored hash only if it is still {@code expectedHash}; false when another change came first. */
    boolean replace(String expectedHash, String newHash, Instant now);
}

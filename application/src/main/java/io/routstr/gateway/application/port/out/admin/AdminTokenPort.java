package io.routstr.gateway.application.port.out.admin;

import io.routstr.gateway.domain.Components;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Port: API tokens for the operator's scripts (Routstr's CLI tokens), stored as SHA-256 hashes. */
public interface AdminTokenPort {

    void save(StoredToken token);

    /** Every token, newest first, revoked and expired ones included. */
    List<StoredToken> findAll();

    /** The token with this hash if it is neither revoked nor expired at {@code now}; marks it used at {@code now}. */
    Optional<StoredToken> useLive(String tokenHash, Instant now);

    /** Revokes the token; false when there is no such token or it was revoked already. */
    boolean revoke(UUID id, Instant now);

    /** A stored token: never the token itself, only its hash and a preview of its ends for recognising it. */
    record StoredToken(
            UUID id,
            String name,
            String tokenHash,
            String preview,
            Instant createdAt,
            Optional<Instant> expiresAt,
            Optional<Instant> revokedAt,
            Optional<Instant> lastUsedAt) {
        public StoredToken {
            Components.requireNonNull(
                    StoredToken.class, id, name, tokenHash, preview, createdAt, expiresAt, revokedAt, lastUsedAt);
        }
    }
}

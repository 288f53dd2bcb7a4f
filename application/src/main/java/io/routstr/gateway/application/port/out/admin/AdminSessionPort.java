package io.routstr.gateway.application.port.out.admin;

import io.routstr.gateway.domain.Components;
import java.time.Instant;
import java.util.Optional;

/**
 * Port: the operator's sessions, kept in the database so that any instance behind a load balancer honours them. Only
 * the SHA-256 of a session token is stored.
 */
public interface AdminSessionPort {

    void open(Session session);

    /** The session with this token hash, unless it expired before {@code now}. */
    Optional<Session> findLive(String tokenHash, Instant now);

    void close(String tokenHash);

    /** Ends every session, as a password change must; returns how many were open. */
    int closeAll();

    /** Forgets sessions that expired before {@code now}; returns how many. */
    int forgetExpired(Instant now);

    /** One session: the hash of its token, the CSRF token its forms carry, and its lifetime. */
    record Session(String tokenHash, String csrfToken, Instant createdAt, Instant expiresAt) {
        public Session {
            Components.requireNonNull(Session.class, tokenHash, csrfToken, createdAt, expiresAt);
        }
    }
}

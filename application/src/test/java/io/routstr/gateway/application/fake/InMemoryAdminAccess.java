package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.admin.AdminPasswordPort;
import io.routstr.gateway.application.port.out.admin.AdminSessionPort;
import io.routstr.gateway.application.port.out.admin.AdminTokenPort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The operator's password hash, sessions and script tokens in memory ({@link AdminPasswordPort}, {@link
 * AdminSessionPort}, {@link AdminTokenPort}), each operation atomic as the database's single statements are. A session
 * or token is live strictly before its expiry.
 */
public final class InMemoryAdminAccess implements AdminPasswordPort, AdminSessionPort, AdminTokenPort {

    private String passwordHash;
    private final Map<String, Session> sessions = new HashMap<>();
    private final List<StoredToken> tokens = new ArrayList<>();

    /** Forgets the password, as an operator clearing the row by hand would. */
    public synchronized void forgetPassword() {
        passwordHash = null;
    }

    /** The sessions stored, in no particular order. */
    public synchronized List<Session> sessions() {
        return List.copyOf(sessions.values());
    }

    @Override
    public synchronized Optional<String> passwordHash() {
        return Optional.ofNullable(passwordHash);
    }

    @Override
    public synchronized boolean initialize(String hash, Instant now) {
        if (passwordHash != null) {
            return false;
        }
        passwordHash = hash;
        return true;
    }

    @Override
    public synchronized boolean replace(String expectedHash, String newHash, Instant now) {
        if (!expectedHash.equals(passwordHash)) {
            return false;
        }
        passwordHash = newHash;
        return true;
    }

    @Override
    public synchronized void open(Session session) {
        if (sessions.putIfAbsent(session.tokenHash(), session) != null) {
            throw new IllegalStateException("a session with this token hash exists");
        }
    }

    @Override
    public synchronized Optional<Session> findLive(String tokenHash, Instant now) {
        return Optional.ofNullable(sessions.get(tokenHash))
                .filter(s -> s.expiresAt().isAfter(now));
    }

    @Override
    public synchronized void close(String tokenHash) {
        sessions.remove(tokenHash);
    }

    @Override
    public synchronized int closeAll() {
        int open = sessions.size();
        sessions.clear();
        return open;
    }

    @Override
    public synchronized int forgetExpired(Instant now) {
        int before = sessions.size();
        sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
        return before - sessions.size();
    }

    @Override
    public synchronized void save(StoredToken token) {
        if (tokens.stream()
                .anyMatch(t -> t.id().equals(token.id()) || t.tokenHash().equals(token.tokenHash()))) {
            throw new IllegalStateException("a token with this id or hash exists");
        }
        tokens.add(new StoredToken(
                token.id(),
                token.name(),
                token.tokenHash(),
                token.preview(),
                token.createdAt(),
                token.expiresAt(),
                Optional.empty(),
                Optional.empty()));
    }

    @Override
    public synchronized List<StoredToken> findAll() {
        return tokens.stream()
                .sorted(Comparator.comparing(StoredToken::createdAt).reversed())
                .toList();
    }

    @Override
    public synchronized Optional<StoredToken> useLive(String tokenHash, Instant now) {
        for (int i = 0; i < tokens.size(); i++) {
            StoredToken t = tokens.get(i);
            if (t.tokenHash().equals(tokenHash)
                    && t.revokedAt().isEmpty()
                    && t.expiresAt().map(now::isBefore).orElse(true)) {
                StoredToken used = with(t, t.revokedAt(), Optional.of(now));
                tokens.set(i, used);
                return Optional.of(used);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized boolean revoke(UUID id, Instant now) {
        for (int i = 0; i < tokens.size(); i++) {
            StoredToken t = tokens.get(i);
            if (t.id().equals(id) && t.revokedAt().isEmpty()) {
                tokens.set(i, with(t, Optional.of(now), t.lastUsedAt()));
                return true;
            }
        }
        return false;
    }

    private static StoredToken with(StoredToken t, Optional<Instant> revokedAt, Optional<Instant> lastUsedAt) {
        return new StoredToken(
                t.id(), t.name(), t.tokenHash(), t.preview(), t.createdAt(), t.expiresAt(), revokedAt, lastUsedAt);
    }
}

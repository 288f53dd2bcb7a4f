package io.routstr.gateway.persistence.admin;

import io.routstr.gateway.application.port.out.admin.AdminPasswordPort;
import io.routstr.gateway.application.port.out.admin.AdminSessionPort;
import io.routstr.gateway.application.port.out.admin.AdminTokenPort;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The operator's password hash, sessions and API tokens; each statement is its own short transaction. */
@Component
class JdbcAdminAccessAdapter implements AdminPasswordPort, AdminSessionPort, AdminTokenPort {

    private final JdbcTemplate jdbc;

    JdbcAdminAccessAdapter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> passwordHash() {
        return jdbc.queryForList("SELECT password_hash FROM admin_password WHERE id = 1", String.class).stream()
                .findFirst();
    }

    @Override
    public boolean initialize(String hash, Instant now) {
        return jdbc.update(
                        "INSERT INTO admin_password (id, password_hash, changed_at) VALUES (1, ?, ?)"
                                + " ON CONFLICT (id) DO NOTHING",
                        hash,
                        Timestamp.from(now))
                == 1;
    }

    @Override
    public boolean replace(String expectedHash, String newHash, Instant now) {
        return jdbc.update(
                        "UPDATE admin_password SET password_hash = ?, changed_at = ? WHERE id = 1 AND password_hash = ?",
                        newHash,
                        Timestamp.from(now),
                        expectedHash)
                == 1;
    }

    @Override
    public void open(Session session) {
        jdbc.update(
                "INSERT INTO admin_sessions (token_hash, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?)",
                session.tokenHash(),
                session.csrfToken(),
                Timestamp.from(session.createdAt()),
                Timestamp.from(session.expiresAt()));
    }

    @Override
    public Optional<Session> findLive(String tokenHash, Instant now) {
        return jdbc
                .query(
                        "SELECT token_hash, csrf_token, created_at, expires_at FROM admin_sessions"
                                + " WHERE token_hash = ? AND expires_at > ?",
                        (rs, n) -> new Session(
                                rs.getString("token_hash"),
                                rs.getString("csrf_token"),
                                rs.getTimestamp("created_at").toInstant(),
                                rs.getTimestamp("expires_at").toInstant()),
                        tokenHash,
                        Timestamp.from(now))
                .stream()
                .findFirst();
    }

    @Override
    public void close(String tokenHash) {
        jdbc.update("DELETE FROM admin_sessions WHERE token_hash = ?", tokenHash);
    }

    @Override
    public int closeAll() {
        return jdbc.update("DELETE FROM admin_sessions");
    }

    @Override
    public int forgetExpired(Instant now) {
        return jdbc.update("DELETE FROM admin_sessions WHERE expires_at <= ?", Timestamp.from(now));
    }

    @Override
    public void save(StoredToken token) {
        jdbc.update(
                "INSERT INTO admin_api_tokens (id, name, token_hash, token_preview, created_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                token.id(),
                token.name(),
                token.tokenHash(),
                token.preview(),
                Timestamp.from(token.createdAt()),
                token.expiresAt().map(Timestamp::from).orElse(null));
    }

    @Override
    public List<StoredToken> findAll() {
        return jdbc.query("SELECT * FROM admin_api_tokens ORDER BY created_at DESC, id", JdbcAdminAccessAdapter::token);
    }

    @Override
    public Optional<StoredToken> useLive(String tokenHash, Instant now) {
        return jdbc
                .query(
                        "UPDATE admin_api_tokens SET last_used_at = ? WHERE token_hash = ? AND revoked_at IS NULL"
                                + " AND (expires_at IS NULL OR expires_at > ?) RETURNING *",
                        JdbcAdminAccessAdapter::token,
                        Timestamp.from(now),
                        tokenHash,
                        Timestamp.from(now))
                .stream()
                .findFirst();
    }

    @Override
    public boolean revoke(UUID id, Instant now) {
        return jdbc.update(
                        "UPDATE admin_api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                        Timestamp.from(now),
                        id)
                == 1;
    }

    private static StoredToken token(ResultSet rs, int row) throws SQLException {
        return new StoredToken(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("token_hash"),
                rs.getString("token_preview"),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs, "expires_at"),
                instant(rs, "revoked_at"),
                instant(rs, "last_used_at"));
    }

    static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? Optional.empty() : Optional.of(value.toInstant());
    }
}

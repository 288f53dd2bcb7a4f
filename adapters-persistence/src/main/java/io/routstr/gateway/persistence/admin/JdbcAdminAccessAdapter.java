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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The operator's password hash, sessions and API tokens; each statement is its own short transaction. */
@Component
record JdbcAdminAccessAdapter(JdbcClient jdbc) implements AdminPasswordPort, AdminSessionPort, AdminTokenPort {

    @Override
    public Optional<String> passwordHash() {
        return jdbc.sql("SELECT password_hash FROM admin_password WHERE id = 1").query(String.class).list().stream()
                .findFirst();
    }

    @Override
    public boolean initialize(String hash, Instant now) {
        return jdbc.sql("INSERT INTO admin_password (id, password_hash, changed_at) VALUES (1, ?, ?)"
                                + " ON CONFLICT (id) DO NOTHING")
                        .params(hash, Timestamp.from(now))
                        .update()
                == 1;
    }

    @Override
    public boolean replace(String expectedHash, String newHash, Instant now) {
        return jdbc.sql(
                                "UPDATE admin_password SET password_hash = ?, changed_at = ? WHERE id = 1 AND password_hash = ?")
                        .params(newHash, Timestamp.from(now), expectedHash)
                        .update()
                == 1;
    }

    @Override
    public void open(Session session) {
        jdbc.sql("INSERT INTO admin_sessions (token_hash, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?)")
                .params(
                        session.tokenHash(),
                        session.csrfToken(),
                        Timestamp.from(session.createdAt()),
                        Timestamp.from(session.expiresAt()))
                .update();
    }

    @Override
    public Optional<Session> findLive(String tokenHash, Instant now) {
        return jdbc
                .sql("SELECT token_hash, csrf_token, created_at, expires_at FROM admin_sessions"
                        + " WHERE token_hash = ? AND expires_at > ?")
                .params(tokenHash, Timestamp.from(now))
                .query((rs, n) -> new Session(
                        rs.getString("token_hash"),
                        rs.getString("csrf_token"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("expires_at").toInstant()))
                .list()
                .stream()
                .findFirst();
    }

    @Override
    public void close(String tokenHash) {
        jdbc.sql("DELETE FROM admin_sessions WHERE token_hash = ?")
                .params(tokenHash)
                .update();
    }

    @Override
    public int closeAll() {
        return jdbc.sql("DELETE FROM admin_sessions").update();
    }

    @Override
    public int forgetExpired(Instant now) {
        return jdbc.sql("DELETE FROM admin_sessions WHERE expires_at <= ?")
                .params(Timestamp.from(now))
                .update();
    }

    @Override
    public void save(StoredToken token) {
        jdbc.sql("INSERT INTO admin_api_tokens (id, name, token_hash, token_preview, created_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(
                        token.id(),
                        token.name(),
                        token.tokenHash(),
                        token.preview(),
                        Timestamp.from(token.createdAt()),
                        token.expiresAt().map(Timestamp::from).orElse(null))
                .update();
    }

    @Override
    public List<StoredToken> findAll() {
        return jdbc.sql("SELECT * FROM admin_api_tokens ORDER BY created_at DESC, id")
                .query(JdbcAdminAccessAdapter::token)
                .list();
    }

    @Override
    public Optional<StoredToken> useLive(String tokenHash, Instant now) {
        return jdbc
                .sql("UPDATE admin_api_tokens SET last_used_at = ? WHERE token_hash = ? AND revoked_at IS NULL"
                        + " AND (expires_at IS NULL OR expires_at > ?) RETURNING *")
                .params(Timestamp.from(now), tokenHash, Timestamp.from(now))
                .query(JdbcAdminAccessAdapter::token)
                .list()
                .stream()
                .findFirst();
    }

    @Override
    public boolean revoke(UUID id, Instant now) {
        return jdbc.sql("UPDATE admin_api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                        .params(Timestamp.from(now), id)
                        .update()
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

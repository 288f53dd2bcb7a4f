package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.admin.AdminPasswordPort;
import io.routstr.gateway.application.port.out.admin.AdminSessionPort;
import io.routstr.gateway.application.port.out.admin.AdminSessionPort.Session;
import io.routstr.gateway.application.port.out.admin.AdminTokenPort;
import io.routstr.gateway.application.port.out.admin.AdminTokenPort.StoredToken;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the operator's access ports ({@link AdminPasswordPort}, {@link AdminSessionPort}, {@link
 * AdminTokenPort}), for the in-memory fake and PostgreSQL: one password set once and replaced only from the hash it
 * replaces, sessions and tokens live strictly before their expiry, a revoked token is dead.
 */
public abstract class AdminAccessContract {

    private final Instant now = Instant.parse("2026-03-10T12:00:00Z");

    private AdminPasswordPort passwords;
    private AdminSessionPort sessions;
    private AdminTokenPort tokens;

    /** Empties the store (no password, sessions or tokens) before each test. */
    protected abstract void empty();

    protected abstract AdminPasswordPort passwords();

    protected abstract AdminSessionPort sessions();

    protected abstract AdminTokenPort tokens();

    @BeforeEach
    void emptyStore() {
        empty();
        passwords = passwords();
        sessions = sessions();
        tokens = tokens();
    }

    /** A stand-in for a SHA-256 in hex, 64 characters as the stored hashes are. */
    private static String hash64(String seed) {
        return (seed + "0".repeat(64)).substring(0, 64);
    }

    private Session session(String hash, Instant expiresAt) {
        return new Session(hash, "csrf-" + hash.substring(0, 8), now, expiresAt);
    }

    private StoredToken token(String hash, Instant createdAt, Optional<Instant> expiresAt) {
        return new StoredToken(
                UUID.randomUUID(),
                "script " + hash,
                hash,
                "rat_…" + hash.substring(0, 4),
                createdAt,
                expiresAt,
                Optional.empty(),
                Optional.empty());
    }

    @Test
    void thePasswordIsInitializedOnce() {
        assertThat(passwords.passwordHash()).isEmpty();

        assertThat(passwords.initialize("first", now)).isTrue();
        assertThat(passwords.initialize("second", now)).isFalse();

        assertThat(passwords.passwordHash()).contains("first");
    }

    @Test
    void thePasswordIsReplacedOnlyFromTheHashItReplaces() {
        passwords.initialize("first", now);

        assertThat(passwords.replace("stale", "second", now)).isFalse();
        assertThat(passwords.replace("first", "second", now)).isTrue();
        assertThat(passwords.replace("first", "third", now)).isFalse();

        assertThat(passwords.passwordHash()).contains("second");
    }

    @Test
    void withoutAPassword_nothingIsReplaced() {
        assertThat(passwords.replace("anything", "second", now)).isFalse();
        assertThat(passwords.passwordHash()).isEmpty();
    }

    @Test
    void aSessionIsLiveStrictlyBeforeItsExpiry() {
        Instant expiry = now.plus(Duration.ofHours(1));
        sessions.open(session(hash64("s1"), expiry));

        assertThat(sessions.findLive(hash64("s1"), now)).contains(session(hash64("s1"), expiry));
        assertThat(sessions.findLive(hash64("s1"), expiry.minusSeconds(1))).isPresent();
        assertThat(sessions.findLive(hash64("s1"), expiry)).isEmpty();
        assertThat(sessions.findLive(hash64("unknown"), now)).isEmpty();
    }

    @Test
    void aClosedSessionIsGone_andClosingAllEndsEveryOne() {
        Instant expiry = now.plus(Duration.ofHours(1));
        sessions.open(session(hash64("s1"), expiry));
        sessions.open(session(hash64("s2"), expiry));
        sessions.open(session(hash64("s3"), expiry));

        sessions.close(hash64("s1"));

        assertThat(sessions.findLive(hash64("s1"), now)).isEmpty();
        assertThat(sessions.closeAll()).isEqualTo(2);
        assertThat(sessions.findLive(hash64("s2"), now)).isEmpty();
        assertThat(sessions.closeAll()).isZero();
    }

    @Test
    void expiredSessionsAreForgotten_liveOnesKept() {
        sessions.open(session(hash64("expired"), now.minusSeconds(1)));
        sessions.open(session(hash64("at-expiry"), now));
        sessions.open(session(hash64("live"), now.plusSeconds(1)));

        assertThat(sessions.forgetExpired(now)).isEqualTo(2);

        assertThat(sessions.findLive(hash64("live"), now)).isPresent();
    }

    @Test
    void tokensAreListedNewestFirst_withRevokedAndExpiredOnes() {
        StoredToken old = token(hash64("aaaa1"), now, Optional.of(now.plusSeconds(1)));
        StoredToken young = token(hash64("bbbb2"), now.plusSeconds(60), Optional.empty());
        tokens.save(old);
        tokens.save(young);
        tokens.revoke(young.id(), now.plusSeconds(61));

        assertThat(tokens.findAll()).extracting(StoredToken::id).containsExactly(young.id(), old.id());
        assertThat(tokens.findAll().getFirst().revokedAt()).contains(now.plusSeconds(61));
    }

    @Test
    void aLiveTokenIsUsed_andMarkedUsedThen() {
        StoredToken t = token(hash64("cccc3"), now, Optional.empty());
        tokens.save(t);

        Optional<StoredToken> used = tokens.useLive(hash64("cccc3"), now.plusSeconds(5));

        assertThat(used).map(StoredToken::id).contains(t.id());
        assertThat(tokens.findAll().getFirst().lastUsedAt()).contains(now.plusSeconds(5));
        assertThat(tokens.useLive(hash64("unknown"), now)).isEmpty();
    }

    @Test
    void aTokenIsLiveStrictlyBeforeItsExpiry() {
        Instant expiry = now.plus(Duration.ofDays(30));
        tokens.save(token(hash64("dddd4"), now, Optional.of(expiry)));

        assertThat(tokens.useLive(hash64("dddd4"), expiry.minusSeconds(1))).isPresent();
        assertThat(tokens.useLive(hash64("dddd4"), expiry)).isEmpty();
    }

    @Test
    void aRevokedTokenIsDead_andIsRevokedOnce() {
        StoredToken t = token(hash64("eeee5"), now, Optional.empty());
        tokens.save(t);

        assertThat(tokens.revoke(t.id(), now)).isTrue();
        assertThat(tokens.revoke(t.id(), now)).isFalse();
        assertThat(tokens.revoke(UUID.randomUUID(), now)).isFalse();

        assertThat(tokens.useLive(hash64("eeee5"), now)).isEmpty();
    }
}

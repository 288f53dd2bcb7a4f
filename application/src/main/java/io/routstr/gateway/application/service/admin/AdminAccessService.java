package io.routstr.gateway.application.service.admin;

import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.admin.AdminPasswordPort;
import io.routstr.gateway.application.port.out.admin.AdminSessionPort;
import io.routstr.gateway.application.port.out.admin.AdminTokenPort;
import io.routstr.gateway.application.port.out.admin.PasswordHashPort;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Signs the operator in. Session tokens start with {@code ras_} and API tokens with {@code rat_}, so a credential is
 * looked up in one table only; both are stored as hashes.
 */
public record AdminAccessService(
        AdminPasswordPort passwords,
        PasswordHashPort hasher,
        AdminSessionPort sessions,
        AdminTokenPort tokens,
        ClockPort clock,
        Duration sessionLifetime)
        implements AdminAccessUseCase {

    static final String SESSION_PREFIX = "ras_";
    static final String TOKEN_PREFIX = "rat_";

    public AdminAccessService {
        if (sessionLifetime.isNegative() || sessionLifetime.isZero()) {
            throw new IllegalArgumentException("a session lasts a positive time");
        }
    }

    @Override
    public Optional<String> initializePassword(Optional<String> configured) {
        if (passwords.passwordHash().isPresent()) {
            return Optional.empty();
        }
        Optional<String> given = configured.filter(p -> p.length() >= MIN_PASSWORD_LENGTH);
        String password = given.orElseGet(AdminSecrets::randomPassword);
        boolean stored = passwords.initialize(hasher.hash(password), clock.now());
        return stored && given.isEmpty() ? Optional.of(password) : Optional.empty();
    }

    @Override
    public LoginOutcome logIn(String password) {
        Optional<String> hash = passwords.passwordHash();
        if (hash.isEmpty()) {
            return new LoginOutcome.NoPasswordSet();
        }
        if (password == null || !hasher.matches(password, hash.get())) {
            return new LoginOutcome.WrongPassword();
        }
        Instant now = clock.now();
        sessions.forgetExpired(now);
        String token = AdminSecrets.randomToken(SESSION_PREFIX);
        String csrf = AdminSecrets.randomToken("");
        sessions.open(new AdminSessionPort.Session(AdminSecrets.sha256(token), csrf, now, now.plus(sessionLifetime)));
        return new LoginOutcome.LoggedIn(token, csrf, sessionLifetime);
    }

    @Override
    public void logOut(String sessionToken) {
        if (sessionToken != null && sessionToken.startsWith(SESSION_PREFIX)) {
            sessions.close(AdminSecrets.sha256(sessionToken));
        }
    }

    @Override
    public Optional<AdminPrincipal> authenticate(String credential) {
        if (credential == null || credential.length() > 200) {
            return Optional.empty();
        }
        Instant now = clock.now();
        if (credential.startsWith(SESSION_PREFIX)) {
            return sessions.findLive(AdminSecrets.sha256(credential), now)
                    .map(s -> new AdminPrincipal(AdminPrincipal.Kind.SESSION, Optional.of(s.csrfToken())));
        }
        if (credential.startsWith(TOKEN_PREFIX)) {
            return tokens.useLive(AdminSecrets.sha256(credential), now)
                    .map(t -> new AdminPrincipal(AdminPrincipal.Kind.API_TOKEN, Optional.empty()));
        }
        return Optional.empty();
    }

    @Override
    public boolean confirmPassword(String password) {
        return password != null
                && passwords
                        .passwordHash()
                        .map(h -> hasher.matches(password, h))
                        .orElse(false);
    }

    @Override
    public PasswordChangeOutcome changePassword(String currentPassword, String newPassword) {
        Optional<String> hash = passwords.passwordHash();
        if (hash.isEmpty() || currentPassword == null || !hasher.matches(currentPassword, hash.get())) {
            return new PasswordChangeOutcome.WrongCurrentPassword();
        }
        if (newPassword == null || newPassword.length() < MIN_PASSWORD_LENGTH) {
            return new PasswordChangeOutcome.TooShort(MIN_PASSWORD_LENGTH);
        }
        if (!passwords.replace(hash.get(), hasher.hash(newPassword), clock.now())) {
            return new PasswordChangeOutcome.WrongCurrentPassword(); // another change came first
        }
        sessions.closeAll(); // whoever knew the old password is signed out everywhere
        return new PasswordChangeOutcome.Changed();
    }
}

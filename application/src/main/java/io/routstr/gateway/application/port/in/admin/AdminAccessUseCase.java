package io.routstr.gateway.application.port.in.admin;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Use case: the operator's sign-in (Routstr §9): a password set on first start, sessions kept in the database, and
 * scripts' API tokens, all checked here so that every admin route asks one question.
 */
public interface AdminAccessUseCase {

    /**
     * On first start, stores {@code configured} (Routstr's legacy {@code ADMIN_PASSWORD}) or a generated password.
     * Returns the generated password, for printing once, when this call created it; empty when a password existed, or
     * when the configured one was stored.
     */
    Optional<String> initializePassword(Optional<String> configured);

    LoginOutcome logIn(String password);

    void logOut(String sessionToken);

    /** Who presents {@code credential} (a session token or an API token), if anyone. */
    Optional<AdminPrincipal> authenticate(String credential);

    /** Whether {@code password} is the operator's, for actions that ask for it again (revealing the seed). */
    boolean confirmPassword(String password);

    PasswordChangeOutcome changePassword(String currentPassword, String newPassword);

    /** The shortest password accepted (Routstr's reset script and {@code PATCH /admin/api/password}). */
    int MIN_PASSWORD_LENGTH = 8;

    /** What a login came to. */
    sealed interface LoginOutcome {
        /** Signed in: {@code sessionToken} is shown to the client once; {@code csrfToken} guards its form posts. */
        record LoggedIn(String sessionToken, String csrfToken, Duration expiresIn) implements LoginOutcome {
            public LoggedIn {
                Objects.requireNonNull(sessionToken, "session token");
                Objects.requireNonNull(csrfToken, "csrf token");
                Objects.requireNonNull(expiresIn, "expires in");
            }

            @Override
            public String toString() {
                return "LoggedIn[expiresIn=" + expiresIn + "]";
            }
        }

        record WrongPassword() implements LoginOutcome {}

        record NoPasswordSet() implements LoginOutcome {}
    }

    /** What a password change came to. Every session ends on a change. */
    sealed interface PasswordChangeOutcome {
        record Changed() implements PasswordChangeOutcome {}

        record WrongCurrentPassword() implements PasswordChangeOutcome {}

        record TooShort(int minimum) implements PasswordChangeOutcome {}
    }

    /** The operator, signed in by a session (whose forms carry {@code csrfToken}) or by an API token. */
    record AdminPrincipal(Kind kind, Optional<String> csrfToken) {
        public AdminPrincipal {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(csrfToken, "csrf token");
        }

        @Override
        public String toString() {
            return "AdminPrincipal[" + kind + "]";
        }

        /** How the operator signed in. */
        public enum Kind {
            SESSION,
            API_TOKEN
        }
    }
}

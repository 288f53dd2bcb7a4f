package io.routstr.gateway.application.port.in.admin;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Use case: API tokens for the operator's scripts (Routstr's CLI tokens): issue, list, revoke. */
public interface AdminTokensUseCase {

    /** Issues a token; the token itself is in the answer once and never again. */
    IssuedToken issue(String name, Optional<Integer> expiresInDays);

    List<TokenView> list();

    /** False when there is no such token or it was revoked already. */
    boolean revoke(UUID id);

    /** A token just issued. */
    record IssuedToken(TokenView view, String token) {
        public IssuedToken {
            Objects.requireNonNull(view, "view");
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String toString() {
            return "IssuedToken[" + view + "]";
        }
    }

    /** A token as the operator sees it later: its name, a preview of its ends, its dates. */
    record TokenView(
            UUID id,
            String name,
            String preview,
            Instant createdAt,
            Optional<Instant> expiresAt,
            Optional<Instant> revokedAt,
            Optional<Instant> lastUsedAt) {}
}

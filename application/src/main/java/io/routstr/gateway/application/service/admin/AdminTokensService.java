package io.routstr.gateway.application.service.admin;

import io.routstr.gateway.application.port.in.admin.AdminTokensUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.admin.AdminTokenPort;
import io.routstr.gateway.application.port.out.admin.AdminTokenPort.StoredToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Issues, lists and revokes the operator's API tokens; only their hashes are stored. */
public record AdminTokensService(AdminTokenPort tokens, ClockPort clock) implements AdminTokensUseCase {

    private static final int MAX_DAYS = 3650;

    @Override
    public IssuedToken issue(String name, Optional<Integer> expiresInDays) {
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > 100) {
            throw new IllegalArgumentException("a token has a name of 1 to 100 characters");
        }
        expiresInDays.ifPresent(days -> {
            if (days < 1 || days > MAX_DAYS) {
                throw new IllegalArgumentException("expires_in_days is between 1 and " + MAX_DAYS);
            }
        });
        Instant now = clock.now();
        String token = AdminSecrets.randomToken(AdminAccessService.TOKEN_PREFIX);
        StoredToken stored = new StoredToken(
                UUID.randomUUID(),
                cleanName,
                AdminSecrets.sha256(token),
                AdminSecrets.preview(token),
                now,
                expiresInDays.map(days -> now.plus(Duration.ofDays(days))),
                Optional.empty(),
                Optional.empty());
        tokens.save(stored);
        return new IssuedToken(view(stored), token);
    }

    @Override
    public List<TokenView> list() {
        return tokens.findAll().stream().map(AdminTokensService::view).toList();
    }

    @Override
    public boolean revoke(UUID id) {
        return tokens.revoke(id, clock.now());
    }

    private static TokenView view(StoredToken token) {
        return new TokenView(
                token.id(),
                token.name(),
                token.preview(),
                token.createdAt(),
                token.expiresAt(),
                token.revokedAt(),
                token.lastUsedAt());
    }
}

package io.routstr.gateway.application.port.in.key;

import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.BalanceLimit;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Create {@code count} (1 to 50, as Routstr) child keys of {@code parentId}. */
public record CreateChildKeysCommand(
        ApiKeyId parentId, int count, Optional<BalanceLimit> limit, Optional<Instant> validUntil) {

    public static final int MAX_COUNT = 50;

    public CreateChildKeysCommand {
        Objects.requireNonNull(parentId, "parent id");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(validUntil, "valid until");
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be between 1 and " + MAX_COUNT);
        }
    }
}

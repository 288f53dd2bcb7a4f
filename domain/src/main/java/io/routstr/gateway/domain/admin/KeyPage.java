package io.routstr.gateway.domain.admin;

import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.money.Msats;
import java.util.List;
import java.util.Objects;

/**
 * One page of API keys as the operator browses them, with totals over every key that matched (Routstr §2.5
 * {@code temporary-balances}: the balance total counts top-level keys only, since children hold no balance).
 */
public record KeyPage(List<ApiKey> keys, long total, Msats totalBalance, Msats totalSpent, long totalRequests) {

    public KeyPage {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(totalBalance, "total balance");
        Objects.requireNonNull(totalSpent, "total spent");
        keys = List.copyOf(keys);
    }
}

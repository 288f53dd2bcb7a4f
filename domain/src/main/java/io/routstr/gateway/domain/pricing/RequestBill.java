package io.routstr.gateway.domain.pricing;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.util.Optional;

/**
 * What a served request was billed: its cost (as reported to the client, Routstr §4.9), what was actually charged
 * (less only when the funds ran short), and who served it.
 *
 * @param usage the usage billed: the upstream's, or the estimate when it reported none
 * @param shortfall what the request really cost beyond {@code charged}: the node absorbs it. The reservation bounds
 *     every request, so this is zero unless an upstream billed beyond its own limits
 * @param provider the serving provider's type name, Routstr's {@code provider} field
 */
public record RequestBill(
        RequestCost cost,
        Msats charged,
        Optional<Msats> remainingBalance,
        String provider,
        TokenUsage usage,
        Msats shortfall) {

    public RequestBill {
        Components.requireNonNull(RequestBill.class, cost, charged, remainingBalance, provider, usage, shortfall);
    }
}

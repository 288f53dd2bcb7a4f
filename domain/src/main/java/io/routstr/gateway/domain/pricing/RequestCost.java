package io.routstr.gateway.domain.pricing;

import io.routstr.gateway.domain.Components;
import io.routstr.gateway.domain.money.Msats;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What a request costs, as charged and as reported to the client ({@code X-Routstr-Cost-Msats} and the
 * {@code usage.cost} object).
 *
 * <p>{@code input + output = total}. As in Routstr, the cache buckets are folded into {@code input}:
 * {@code cacheRead + cacheWrite ≤ input}. The parts round down and the total rounds up, so the parts never claim
 * more than was charged.
 *
 * @param totalUsd {@code total} in USD at the exchange rate used; zero when a fixed price was charged before any
 *     rate was known
 */
public record RequestCost(
        Msats total,
        Msats input,
        Msats output,
        Msats cacheRead,
        Msats cacheWrite,
        BigDecimal totalUsd,
        CostBasis basis) {

    public RequestCost {
        Components.requireNonNull(RequestCost.class, total, input, output, cacheRead, cacheWrite, totalUsd, basis);
        if (!input.plus(output).equals(total)) {
            throw new IllegalArgumentException("input " + input + " + output " + output + " is not total " + total);
        }
        if (cacheRead.plus(cacheWrite).isGreaterThan(input)) {
            throw new IllegalArgumentException("cache costs are part of the input cost");
        }
        if (totalUsd.signum() < 0) {
            throw new IllegalArgumentException("total usd cannot be negative");
        }
        totalUsd = totalUsd.stripTrailingZeros();
    }

    /** Nothing to pay. */
    public static RequestCost free(CostBasis basis) {
        return new RequestCost(Msats.ZERO, Msats.ZERO, Msats.ZERO, Msats.ZERO, Msats.ZERO, BigDecimal.ZERO, basis);
    }

    /**
     * This cost, never more than {@code cap}: what may be charged against a hold of {@code cap}. The output part is
     * kept first and the cache parts stay inside the input part; the USD total follows the capped total at
     * {@code rate}.
     */
    public RequestCost cappedAt(Msats cap, BtcUsdRate rate) {
        return cappedAt(cap, Optional.of(rate));
    }

    /** As {@link #cappedAt(Msats, BtcUsdRate)}; without a rate the USD total is zero (unknown). */
    public RequestCost cappedAt(Msats cap, Optional<BtcUsdRate> rate) {
        Objects.requireNonNull(cap, "cap");
        Objects.requireNonNull(rate, "rate");
        if (!total.isGreaterThan(cap)) {
            return this;
        }
        Msats cappedOutput = output.min(cap);
        Msats cappedInput = cap.minus(cappedOutput);
        Msats cappedCacheRead = cacheRead.min(cappedInput);
        Msats cappedCacheWrite = cacheWrite.min(cappedInput.minus(cappedCacheRead));
        return new RequestCost(
                cap,
                cappedInput,
                cappedOutput,
                cappedCacheRead,
                cappedCacheWrite,
                rate.map(r -> r.usdFor(cap)).orElse(BigDecimal.ZERO),
                basis);
    }

    public boolean isFree() {
        return total.isZero();
    }
}

package io.routstr.gateway.upstream.dialect;

import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.CostBasis;
import io.routstr.gateway.domain.pricing.RequestBill;
import io.routstr.gateway.domain.pricing.RequestCost;
import io.routstr.gateway.domain.usage.TokenUsage;
import java.math.BigDecimal;
import java.util.Optional;

/** Bills to stamp into answers and streams in tests. */
public final class Bills {

    private Bills() {}

    /** {@code input} + {@code output} msats charged in full for {@code usage}, 1 000 000 msats left. */
    public static RequestBill aBill(long input, long output, TokenUsage usage) {
        RequestCost cost = new RequestCost(
                Msats.of(input + output),
                Msats.of(input),
                Msats.of(output),
                Msats.ZERO,
                Msats.ZERO,
                BigDecimal.ZERO,
                CostBasis.TOKENS);
        return new RequestBill(cost, cost.total(), Optional.of(Msats.of(1_000_000)), "openai", usage, Msats.ZERO);
    }
}

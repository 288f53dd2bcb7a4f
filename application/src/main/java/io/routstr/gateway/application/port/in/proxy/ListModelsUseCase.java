package io.routstr.gateway.application.port.in.proxy;

import io.routstr.gateway.domain.provider.ModelRoute;
import io.routstr.gateway.domain.proxy.ModelId;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Use case: the models this node serves, with their prices in USD and, once a rate is known, in sats. */
public interface ListModelsUseCase {

    List<ListedModel> list();

    /**
     * One public model: its best route, the names it answers to, and its sats prices (empty until a BTC/USD rate is
     * known); where its price came from is {@code route.priceSource()}.
     *
     * @param disabledReason why the model is listed but not served (no source prices it and fixed pricing is off);
     *     empty when it is served
     */
    record ListedModel(
            ModelRoute route,
            List<ModelId> aliases,
            Optional<SatsPricing> sats,
            MaxCosts usdMaxCosts,
            Optional<String> disabledReason) {
        public ListedModel {
            Objects.requireNonNull(route, "route");
            aliases = List.copyOf(aliases);
            Objects.requireNonNull(sats, "sats");
            Objects.requireNonNull(usdMaxCosts, "usd max costs");
            Objects.requireNonNull(disabledReason, "disabled reason");
        }

        /** Whether a request for this model is served. */
        public boolean enabled() {
            return disabledReason.isEmpty();
        }
    }

    /** The largest prompt, completion and request cost in one currency (Routstr's {@code max_*_cost}). */
    record MaxCosts(BigDecimal prompt, BigDecimal completion, BigDecimal total) {}

    /** Every per-unit price of a model in sats (fractional), and its maximum costs. */
    record SatsPricing(
            BigDecimal prompt,
            BigDecimal completion,
            BigDecimal request,
            BigDecimal image,
            BigDecimal webSearch,
            BigDecimal internalReasoning,
            BigDecimal cacheRead,
            BigDecimal cacheWrite,
            MaxCosts maxCosts) {}
}

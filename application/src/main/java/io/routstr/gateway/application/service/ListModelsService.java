package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.proxy.ListModelsUseCase;
import io.routstr.gateway.application.port.out.ExchangeRatePort;
import io.routstr.gateway.application.port.out.ModelCatalogPort;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.BtcUsdRate;
import io.routstr.gateway.domain.pricing.MaxCostEstimator;
import io.routstr.gateway.domain.pricing.ModelPrice;
import io.routstr.gateway.domain.provider.ModelRoute;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Optional;

/**
 * Lists the served models with Routstr's prices (§2.1, §4.1): USD per unit with the provider fee included, and the
 * same in sats at the current rate; {@code max_cost} in sats is what a request without size hints reserves.
 */
public final class ListModelsService implements ListModelsUseCase {

    private static final BigDecimal SATS_PER_BTC = BigDecimal.valueOf(100_000_000);
    private static final MathContext PRECISION = MathContext.DECIMAL64;

    private final ModelCatalogPort catalog;
    private final ExchangeRatePort rates;
    private final MaxCostEstimator estimator;

    public ListModelsService(ModelCatalogPort catalog, ExchangeRatePort rates, MaxCostEstimator estimator) {
        this.catalog = catalog;
        this.rates = rates;
        this.estimator = estimator;
    }

    @Override
    public List<ListedModel> list() {
        Optional<BtcUsdRate> rate = rates.current();
        return catalog.advertised().stream().map(route -> listed(route, rate)).toList();
    }

    /** One route as {@code /v1/models} lists a model, priced at its provider. */
    ListedModel listed(ModelRoute route, Optional<BtcUsdRate> rate) {
        ModelPrice price = route.price();
        MaxCostEstimator.UsdMaxCosts usd = MaxCostEstimator.usdMaxCosts(price);
        MaxCosts usdMax = new MaxCosts(usd.prompt(), usd.completion(), usd.total());
        Optional<SatsPricing> sats = rate.map(r -> {
            Msats reserve = estimator.advertisedMaxCost(price, r);
            return new SatsPricing(
                    toSats(price.prompt(), r),
                    toSats(price.completion(), r),
                    toSats(price.request(), r),
                    toSats(price.image(), r),
                    toSats(price.webSearch(), r),
                    toSats(price.internalReasoning(), r),
                    toSats(price.cacheRead(), r),
                    toSats(price.cacheWrite(), r),
                    new MaxCosts(
                            toSats(usd.prompt(), r),
                            toSats(usd.completion(), r),
                            BigDecimal.valueOf(reserve.value()).movePointLeft(3).stripTrailingZeros()));
        });
        return new ListedModel(route, catalog.aliases(route), sats, usdMax);
    }

    /** USD in sats: {@code usd × 10^8 / (USD per BTC)}, to 16 significant digits. */
    private static BigDecimal toSats(BigDecimal usd, BtcUsdRate rate) {
        return usd.multiply(SATS_PER_BTC).divide(rate.usdPerBtc(), PRECISION).stripTrailingZeros();
    }
}

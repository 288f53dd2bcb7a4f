package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.proxy.FindModelRoutesUseCase;
import io.routstr.gateway.application.port.in.proxy.ListModelsUseCase;
import io.routstr.gateway.application.port.out.ExchangeRatePort;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.BtcUsdRate;
import io.routstr.gateway.domain.pricing.MaxCostEstimator;
import io.routstr.gateway.domain.pricing.ModelPrice;
import io.routstr.gateway.domain.pricing.PricingPolicy;
import io.routstr.gateway.domain.pricing.RequestShape;
import io.routstr.gateway.domain.pricing.ReservationBound;
import io.routstr.gateway.domain.provider.ModelRoute;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Optional;

/**
 * Lists the served models with Routstr's prices (§2.1, §4.1): USD per unit with the provider fee included, and the
 * same in sats at the current rate; {@code max_cost} in sats is what a request without size hints reserves. A model no
 * source prices is listed disabled with the reason, as Routstr imports it (§7.1), unless fixed pricing serves it.
 */
public record ListModelsService(
        FindModelRoutesUseCase catalog, ExchangeRatePort rates, MaxCostEstimator estimator, PricingPolicy pricing)
        implements ListModelsUseCase {

    private static final BigDecimal SATS_PER_BTC = BigDecimal.valueOf(100_000_000);
    private static final MathContext PRECISION = MathContext.DECIMAL64;

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
        Optional<String> disabled = route.servableUnder(pricing)
                ? Optional.empty()
                : Optional.of("No price for this model: neither an override, the OpenRouter catalogue nor the models"
                        + " file prices it, and FIXED_PRICING is off");
        if (disabled.isPresent()) {
            // Nothing prices it: no sats price to advertise, not even the minimum a zero price would bound.
            return new ListedModel(route, catalog.aliases(route), Optional.empty(), usdMax, disabled);
        }
        Optional<SatsPricing> sats = rate.isEmpty() && pricing.fixedPricing()
                ? Optional.of(fixedSats(price))
                : rate.map(r -> {
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
                                    BigDecimal.valueOf(reserve.value())
                                            .movePointLeft(3)
                                            .stripTrailingZeros()));
                });
        return new ListedModel(route, catalog.aliases(route), sats, usdMax, disabled);
    }

    /**
     * Fixed prices in sats, known before any exchange rate: the per-1k rates per token (cache tokens are billed at the
     * input rate), else the fixed cost per request; the maximum is what a request without size hints holds, and the
     * prompt and completion maxima are bounded by it.
     */
    private SatsPricing fixedSats(ModelPrice price) {
        Msats reserve = switch (estimator.bound(price, Optional.empty(), RequestShape.UNKNOWN)) {
            case ReservationBound.Bounded bounded -> bounded.amount();
            case ReservationBound.Unbounded ignored -> estimator.withoutModelPricing();
        };
        BigDecimal input = pricing.fixedPer1kInputSats().movePointLeft(3).stripTrailingZeros();
        BigDecimal output = pricing.fixedPer1kOutputSats().movePointLeft(3).stripTrailingZeros();
        BigDecimal request =
                pricing.hasFixedTokenRates() ? BigDecimal.ZERO : BigDecimal.valueOf(pricing.fixedCostPerRequestSats());
        BigDecimal max = BigDecimal.valueOf(reserve.value()).movePointLeft(3).stripTrailingZeros();
        return new SatsPricing(
                input,
                output,
                request,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                input,
                input,
                new MaxCosts(max, max, max));
    }

    /** USD in sats: {@code usd × 10^8 / (USD per BTC)}, to 16 significant digits. */
    private static BigDecimal toSats(BigDecimal usd, BtcUsdRate rate) {
        return usd.multiply(SATS_PER_BTC).divide(rate.usdPerBtc(), PRECISION).stripTrailingZeros();
    }
}

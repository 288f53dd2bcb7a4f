/**
 * Prices, exchange rate and the two billing computations: the maximum cost reserved before a request is forwarded
 * ({@link io.routstr.gateway.domain.pricing.MaxCostEstimator}) and the cost charged when it settles
 * ({@link io.routstr.gateway.domain.pricing.CostCalculator}).
 *
 * <p>Prices are USD per unit as {@link java.math.BigDecimal}; amounts become whole msats in
 * {@link io.routstr.gateway.domain.pricing.BtcUsdRate}, rounded up, and nowhere else.
 */
package io.routstr.gateway.domain.pricing;

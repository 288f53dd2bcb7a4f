package io.routstr.gateway.application.port.in.proxy;

import io.routstr.gateway.domain.pricing.BtcUsdRate;
import io.routstr.gateway.domain.pricing.RequestShape;
import java.util.Objects;
import java.util.Optional;

/**
 * What a request's cost bound was computed from, once: the {@link RequestShape} read from its body and the BTC/USD rate
 * of the moment (empty when only sats-priced routes were asked). The {@code X-Cashu} pre-check computes it and
 * forwarding holds with the same basis, so that the bound the token was checked against is the bound that is held, and
 * the body is not walked twice.
 */
public record RequestCostBasis(RequestShape shape, Optional<BtcUsdRate> rate) {

    public RequestCostBasis {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(rate, "rate");
    }
}

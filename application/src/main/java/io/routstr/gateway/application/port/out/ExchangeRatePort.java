package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.pricing.BtcUsdRate;
import java.util.Optional;

/** Port: the current BTC/USD rate; empty until a first rate was ever obtained. */
public interface ExchangeRatePort {

    Optional<BtcUsdRate> current();

    /**
     * Asks the rate's sources again; answers whether the rate was updated. A rate that never changes (the operator's
     * {@code BTC_USD_RATE}) has nothing to ask.
     */
    default boolean refresh() {
        return false;
    }
}

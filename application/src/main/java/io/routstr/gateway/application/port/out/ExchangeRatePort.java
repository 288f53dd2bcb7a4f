package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.pricing.BtcUsdRate;
import java.util.Optional;

/** Port: the current BTC/USD rate; empty until a first rate was ever obtained. */
public interface ExchangeRatePort {

    Optional<BtcUsdRate> current();
}

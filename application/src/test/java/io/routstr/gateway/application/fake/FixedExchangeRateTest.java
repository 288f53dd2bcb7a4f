package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.ExchangeRateContract;
import io.routstr.gateway.application.port.out.ExchangeRatePort;
import io.routstr.gateway.domain.pricing.BtcUsdRate;

class FixedExchangeRateTest extends ExchangeRateContract {

    @Override
    protected ExchangeRatePort sourcesSilent() {
        return new FixedExchangeRate();
    }

    /** The fake's sources answer once per queued rate: after the first refresh they are silent anyway. */
    @Override
    protected ExchangeRatePort sourcesAnswering(BtcUsdRate rate) {
        return new FixedExchangeRate().answerNext(rate);
    }

    @Override
    protected void silenceSources() {}

    @Override
    protected ExchangeRatePort operatorsRate(BtcUsdRate rate) {
        return new FixedExchangeRate(rate);
    }
}

package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.proxy.RefreshExchangeRateUseCase;
import io.routstr.gateway.application.port.out.ExchangeRatePort;

/** Refreshes the BTC/USD rate the prices are converted with; a failed refresh keeps the last rate. */
public record RefreshExchangeRateService(ExchangeRatePort rates) implements RefreshExchangeRateUseCase {

    @Override
    public boolean refresh() {
        return rates.refresh();
    }
}

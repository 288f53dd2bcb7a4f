package io.routstr.gateway.application.port.in.proxy;

/** Use case: fetch the BTC/USD rate again (Routstr §4.2), keeping the last one when no source answers. */
public interface RefreshExchangeRateUseCase {

    /** Whether a new rate was obtained. */
    boolean refresh();
}

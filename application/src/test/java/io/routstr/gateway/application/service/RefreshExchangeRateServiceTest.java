package io.routstr.gateway.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.FixedExchangeRate;
import io.routstr.gateway.domain.pricing.BtcUsdRate;
import org.junit.jupiter.api.Test;

/** The BTC/USD rate is refreshed through the use case; a refresh that obtains nothing keeps the last rate. */
class RefreshExchangeRateServiceTest {

    @Test
    void aRefreshTakesTheNewRate_andAFailedOneKeepsTheLast() {
        FixedExchangeRate rates = FixedExchangeRate.of("60000").answerNext(BtcUsdRate.of("65000"));
        RefreshExchangeRateService refresh = new RefreshExchangeRateService(rates);

        assertThat(refresh.refresh()).isTrue();
        assertThat(rates.current()).contains(BtcUsdRate.of("65000"));

        assertThat(refresh.refresh()).isFalse();
        assertThat(rates.current()).contains(BtcUsdRate.of("65000"));
    }
}

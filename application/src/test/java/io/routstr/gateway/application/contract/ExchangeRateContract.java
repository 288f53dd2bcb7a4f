package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.ExchangeRatePort;
import io.routstr.gateway.domain.pricing.BtcUsdRate;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ExchangeRatePort}, for the fake and the adapter over real HTTP sources: no rate until one was
 * obtained, a refresh takes what the sources answer, and an outage keeps the last good rate.
 */
public abstract class ExchangeRateContract {

    /** A port whose sources never answer. */
    protected abstract ExchangeRatePort sourcesSilent();

    /** A port whose sources answer {@code rate} until {@link #silenceSources()}. */
    protected abstract ExchangeRatePort sourcesAnswering(BtcUsdRate rate);

    /** The sources of the port {@link #sourcesAnswering} made stop answering. */
    protected abstract void silenceSources();

    /** The operator's static rate ({@code BTC_USD_RATE}). */
    protected abstract ExchangeRatePort operatorsRate(BtcUsdRate rate);

    @Test
    void beforeAnySourceAnswered_thereIsNoRate_andARefreshChangesNothing() {
        ExchangeRatePort rates = sourcesSilent();

        assertThat(rates.current()).isEmpty();
        assertThat(rates.refresh()).isFalse();
        assertThat(rates.current()).isEmpty();
    }

    @Test
    void aRefreshTakesTheSourcesRate_andAnOutageKeepsIt() {
        ExchangeRatePort rates = sourcesAnswering(BtcUsdRate.of("91000.25"));
        assertThat(rates.current()).isEmpty();

        assertThat(rates.refresh()).isTrue();
        assertThat(rates.current().orElseThrow().usdPerBtc()).isEqualByComparingTo(new BigDecimal("91000.25"));

        silenceSources();
        assertThat(rates.refresh()).isFalse();
        assertThat(rates.current().orElseThrow().usdPerBtc()).isEqualByComparingTo(new BigDecimal("91000.25"));
    }

    @Test
    void theOperatorsRate_isCurrentFromTheStart_andNoRefreshChangesIt() {
        ExchangeRatePort rates = operatorsRate(BtcUsdRate.of("64000"));

        assertThat(rates.current().orElseThrow().usdPerBtc()).isEqualByComparingTo(new BigDecimal("64000"));
        assertThat(rates.refresh()).isFalse();
        assertThat(rates.current().orElseThrow().usdPerBtc()).isEqualByComparingTo(new BigDecimal("64000"));
    }
}

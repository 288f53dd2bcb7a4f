package io.routstr.gateway.upstream.rates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.domain.pricing.BtcUsdRate;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExchangeRateAdapterTest {

    private final FakeOpenAiServer low = FakeOpenAiServer.start().btcUsd("90000.5");
    private final FakeOpenAiServer high = FakeOpenAiServer.start().btcUsd("95000");

    @AfterEach
    void stop() {
        low.close();
        high.close();
    }

    private ExchangeRateAdapter adapter(List<PriceSource> sources) {
        return new ExchangeRateAdapter(sources, new ObjectMapper(), Duration.ofSeconds(2));
    }

    @Test
    void theMinimumOfTheTwoValidAnswersIsTaken_anUnreachableSourceIgnored() {
        ExchangeRateAdapter rates = adapter(List.of(
                new PriceSource("kraken", URI.create(high.root() + "/kraken"), PriceSource.Shape.KRAKEN),
                new PriceSource("coinbase", URI.create(low.root() + "/coinbase"), PriceSource.Shape.COINBASE),
                new PriceSource("binance", URI.create("http://127.0.0.1:1/binance"), PriceSource.Shape.BINANCE)));

        assertThat(rates.current()).isEmpty();
        assertThat(rates.refresh()).isTrue();

        assertThat(rates.current().orElseThrow().usdPerBtc()).isEqualByComparingTo(new BigDecimal("90000.5"));
    }

    @Test
    void withFewerThanTwoValidAnswersTheLastGoodRateIsKept() {
        ExchangeRateAdapter rates = adapter(List.of(
                new PriceSource("kraken", URI.create(high.root() + "/kraken"), PriceSource.Shape.KRAKEN),
                new PriceSource("binance", URI.create(low.root() + "/binance"), PriceSource.Shape.BINANCE)));
        assertThat(rates.refresh()).isTrue();

        low.close();
        assertThat(rates.refresh()).isFalse();

        assertThat(rates.current().orElseThrow().usdPerBtc()).isEqualByComparingTo(new BigDecimal("90000.5"));
    }

    @Test
    void aStaticRateIsCurrentFromTheStart_andARefreshAsksNoSourceAndKeepsIt() {
        ExchangeRateAdapter rates = ExchangeRateAdapter.fixed(BtcUsdRate.of("64000"), new ObjectMapper());

        assertThat(rates.refresh()).isFalse();

        assertThat(rates.current().orElseThrow().usdPerBtc()).isEqualByComparingTo(new BigDecimal("64000"));
    }

    @Test
    void theRatesAgeCountsFromTheLastGoodRefresh_isEmptyBeforeOne_andZeroForAnOperatorsRate() {
        ExchangeRateAdapter rates = new ExchangeRateAdapter(
                List.of(
                        new PriceSource("kraken", URI.create(high.root() + "/kraken"), PriceSource.Shape.KRAKEN),
                        new PriceSource("coinbase", URI.create(low.root() + "/coinbase"), PriceSource.Shape.COINBASE)),
                new ObjectMapper(),
                Duration.ofSeconds(20));
        assertThat(rates.age(java.time.Instant.now())).isEmpty();

        assertThat(rates.refresh()).isTrue();

        java.time.Instant inAMinute = java.time.Instant.now().plusSeconds(60);
        assertThat(rates.age(inAMinute).orElseThrow()).isBetween(Duration.ofSeconds(59), Duration.ofSeconds(61));
        assertThat(ExchangeRateAdapter.fixed(BtcUsdRate.of("64000"), new ObjectMapper())
                        .age(inAMinute))
                .contains(Duration.ZERO);
    }
}

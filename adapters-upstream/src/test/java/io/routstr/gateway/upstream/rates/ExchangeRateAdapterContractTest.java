package io.routstr.gateway.upstream.rates;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.contract.ExchangeRateContract;
import io.routstr.gateway.application.port.out.ExchangeRatePort;
import io.routstr.gateway.domain.pricing.BtcUsdRate;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** {@link ExchangeRateContract} on {@link ExchangeRateAdapter} asking two real HTTP price sources. */
class ExchangeRateAdapterContractTest extends ExchangeRateContract {

    private final List<FakeOpenAiServer> sources = new ArrayList<>();

    @AfterEach
    void stop() {
        silenceSources();
    }

    private static ExchangeRateAdapter asking(List<PriceSource> sources) {
        return new ExchangeRateAdapter(sources, new ObjectMapper(), Duration.ofSeconds(2));
    }

    @Override
    protected ExchangeRatePort sourcesSilent() {
        return asking(List.of(
                new PriceSource("kraken", URI.create("http://127.0.0.1:1/kraken"), PriceSource.Shape.KRAKEN),
                new PriceSource("coinbase", URI.create("http://127.0.0.1:1/coinbase"), PriceSource.Shape.COINBASE)));
    }

    @Override
    protected ExchangeRatePort sourcesAnswering(BtcUsdRate rate) {
        FakeOpenAiServer kraken =
                FakeOpenAiServer.start().btcUsd(rate.usdPerBtc().toPlainString());
        FakeOpenAiServer coinbase =
                FakeOpenAiServer.start().btcUsd(rate.usdPerBtc().toPlainString());
        sources.add(kraken);
        sources.add(coinbase);
        return asking(List.of(
                new PriceSource("kraken", URI.create(kraken.root() + "/kraken"), PriceSource.Shape.KRAKEN),
                new PriceSource("coinbase", URI.create(coinbase.root() + "/coinbase"), PriceSource.Shape.COINBASE)));
    }

    @Override
    protected void silenceSources() {
        sources.forEach(FakeOpenAiServer::close);
        sources.clear();
    }

    @Override
    protected ExchangeRatePort operatorsRate(BtcUsdRate rate) {
        return ExchangeRateAdapter.fixed(rate, new ObjectMapper());
    }
}

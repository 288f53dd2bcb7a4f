package io.routstr.gateway.bootstrap.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The proxy's settings: upstream timeouts and resilience, the disconnect drain window, the model catalogue file and
 * refresh, the BTC/USD sources, default per-key rate limits and the key that encrypts provider keys at rest.
 * {@code application.yml} maps each to its environment variable; {@code docs/configuration.md} lists them.
 *
 * @param upstream5xxRetryAttempts how often a provider that answered 5xx is called again before failing over
 *     ({@code UPSTREAM_5XX_RETRY_ATTEMPTS}, Routstr §17)
 * @param defaultRequestsPerMinute 0 means no limit; likewise the token and concurrency limits
 * @param extraAllowedPaths POST paths forwarded besides the known endpoints, comma separated, billed per request
 *     ({@code PROXY_EXTRA_ALLOWED_PATHS})
 * @param circuitAllowedFails when set, a provider's circuit opens after that many failed calls in a row instead of on
 *     the failure rate ({@code UPSTREAM_ALLOWED_FAILS}); unset keeps the rate
 * @param maxRequestBodyBytes the largest request body taken ({@code MAX_REQUEST_BODY_BYTES}, 20 MiB)
 * @param requestBodyTimeout how long reading a request body may take ({@code REQUEST_BODY_TIMEOUT_SECONDS}, 60 s)
 * @param openrouterModelsUrl the live OpenRouter catalogue that prices models before the models file
 *     ({@code OPENROUTER_MODELS_URL}); blank turns the fetch off
 * @param btcUsdRate a static USD per BTC for nodes that cannot reach the tickers ({@code BTC_USD_RATE}); blank: fetch
 */
@ConfigurationProperties("routstr.proxy")
public record ProxyProperties(
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("120s") Duration firstByteTimeout,
        @DefaultValue("120s") Duration idleTimeout,
        @DefaultValue("50") float circuitFailureRatePercent,
        @DefaultValue("20") int circuitWindowSize,
        @DefaultValue("10") int circuitMinimumCalls,
        @DefaultValue("30s") Duration circuitOpenWait,
        Integer circuitAllowedFails,
        @DefaultValue("10000") int maxConcurrentPerProvider,
        @DefaultValue("5s") Duration disconnectDrainWindow,
        @DefaultValue("1") int upstream5xxRetryAttempts,
        @DefaultValue("") String modelsPath,
        @DefaultValue("360s") Duration modelsRefreshInterval,
        @DefaultValue("120s") Duration pricingRefreshInterval,
        @DefaultValue("30s") Duration priceSourceTimeout,

        @DefaultValue("https://api.kraken.com/0/public/Ticker?pair=XBTUSD")
        String krakenUrl,

        @DefaultValue("https://api.coinbase.com/v2/prices/BTC-USD/spot")
        String coinbaseUrl,

        @DefaultValue("https://api.binance.com/api/v3/ticker/price?symbol=BTCUSDT")
        String binanceUrl,

        @DefaultValue("0") int defaultRequestsPerMinute,
        @DefaultValue("0") long defaultTokensPerMinute,
        @DefaultValue("0") int defaultMaxConcurrent,
        @DefaultValue("") String extraAllowedPaths,
        @DefaultValue("20971520") long maxRequestBodyBytes,
        @DefaultValue("60s") Duration requestBodyTimeout,
        @DefaultValue("https://openrouter.ai/api/v1/models") String openrouterModelsUrl,
        @DefaultValue("") String btcUsdRate) {}

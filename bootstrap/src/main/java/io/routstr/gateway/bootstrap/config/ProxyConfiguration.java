package io.routstr.gateway.bootstrap.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.routstr.gateway.application.port.in.billing.AdmitRequestUseCase;
import io.routstr.gateway.application.port.in.billing.MakeHoldDurableUseCase;
import io.routstr.gateway.application.port.in.billing.ReleaseReservationUseCase;
import io.routstr.gateway.application.port.in.billing.ReleaseSupersededHoldUseCase;
import io.routstr.gateway.application.port.in.billing.ReserveForRequestUseCase;
import io.routstr.gateway.application.port.in.billing.SettleRequestUseCase;
import io.routstr.gateway.application.port.in.key.AuthenticateApiKeyUseCase;
import io.routstr.gateway.application.port.in.key.UpdateRefundPreferencesUseCase;
import io.routstr.gateway.application.port.in.payment.CheckEcashPaymentUseCase;
import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase;
import io.routstr.gateway.application.port.in.payment.PayPerRequestWithEcashUseCase;
import io.routstr.gateway.application.port.in.proxy.FindModelRoutesUseCase;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestUseCase;
import io.routstr.gateway.application.port.in.proxy.LimitRequestRateUseCase;
import io.routstr.gateway.application.port.in.proxy.ListModelPathsUseCase;
import io.routstr.gateway.application.port.in.proxy.ListModelsUseCase;
import io.routstr.gateway.application.port.in.proxy.PayWithApiKeyUseCase;
import io.routstr.gateway.application.port.in.proxy.RefreshExchangeRateUseCase;
import io.routstr.gateway.application.port.in.proxy.RefreshModelCatalogUseCase;
import io.routstr.gateway.application.port.in.proxy.SeedProvidersUseCase;
import io.routstr.gateway.application.port.in.proxy.SeedProvidersUseCase.ProviderSeed;
import io.routstr.gateway.application.port.in.proxy.ServePaidRequestUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.ExchangeRatePort;
import io.routstr.gateway.application.port.out.LlmRequestReaderPort;
import io.routstr.gateway.application.port.out.ModelCataloguePort;
import io.routstr.gateway.application.port.out.PriceOverridePort;
import io.routstr.gateway.application.port.out.ProviderModelsPort;
import io.routstr.gateway.application.port.out.ProviderStorePort;
import io.routstr.gateway.application.port.out.RequestLimitPort;
import io.routstr.gateway.application.port.out.WorkAdmissionPort;
import io.routstr.gateway.application.service.BillingPolicy;
import io.routstr.gateway.application.service.CheckEcashPaymentService;
import io.routstr.gateway.application.service.FindModelRoutesService;
import io.routstr.gateway.application.service.ForwardLlmRequestService;
import io.routstr.gateway.application.service.LimitRequestRateService;
import io.routstr.gateway.application.service.ListModelPathsService;
import io.routstr.gateway.application.service.ListModelsService;
import io.routstr.gateway.application.service.PayWithApiKeyService;
import io.routstr.gateway.application.service.ProxyPolicy;
import io.routstr.gateway.application.service.RefreshExchangeRateService;
import io.routstr.gateway.application.service.RefreshModelCatalogService;
import io.routstr.gateway.application.service.SeedProvidersService;
import io.routstr.gateway.application.service.ServePaidRequestService;
import io.routstr.gateway.application.service.StandingHoldsService;
import io.routstr.gateway.application.service.wallet.TokenRedemption;
import io.routstr.gateway.bootstrap.metrics.MeteredForwardLlmRequest;
import io.routstr.gateway.bootstrap.metrics.MeteredUpstreamPort;
import io.routstr.gateway.cashu.wallet.NodeSecretKey;
import io.routstr.gateway.domain.key.RateLimits;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.BtcUsdRate;
import io.routstr.gateway.domain.pricing.CostCalculator;
import io.routstr.gateway.domain.pricing.MaxCostEstimator;
import io.routstr.gateway.domain.pricing.PricingPolicy;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.ProviderType;
import io.routstr.gateway.domain.proxy.ProxyAllowlist;
import io.routstr.gateway.persistence.providers.ProviderSecretCipher;
import io.routstr.gateway.rest.limits.RequestLimits;
import io.routstr.gateway.upstream.catalog.ModelCatalogueAdapter;
import io.routstr.gateway.upstream.catalog.ProviderModelsAdapter;
import io.routstr.gateway.upstream.dialect.JsonRequestReader;
import io.routstr.gateway.upstream.http.HttpUpstreamAdapter;
import io.routstr.gateway.upstream.http.UpstreamSettings;
import io.routstr.gateway.upstream.rates.ExchangeRateAdapter;
import io.routstr.gateway.upstream.rates.PriceSource;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The proxy's wiring: the upstream adapter, catalogue and exchange rate, the forwarding, model listing, payment and
 * rate-limit use cases. Configuration reaches the services as plain values.
 */
@Configuration(proxyBeanMethods = false)
class ProxyConfiguration {

    /**
     * Provider API keys at rest are encrypted with a key derived from the node secret ({@code ROUTSTR_SECRET_KEY}, or
     * the generated key file the wallet seed uses too), so a restarted node reads the keys the previous run stored.
     */
    @Bean
    ProviderSecretCipher providerSecretCipher(CashuProperties cashu) {
        return ProviderSecretCipher.fromPassphrase(
                NodeSecretKey.resolveText(cashu.secretKey(), Path.of(cashu.secretKeyFile())));
    }

    @Bean
    PricingPolicy pricingPolicy(BillingProperties billing) {
        PricingPolicy policy = billing.fixedPricing()
                ? PricingPolicy.fixed(
                        billing.fixedCostPerRequestSats(),
                        BigDecimal.valueOf(billing.fixedPer1kInputTokensSats()),
                        BigDecimal.valueOf(billing.fixedPer1kOutputTokensSats()))
                : PricingPolicy.DEFAULT;
        return policy.withTolerancePercent(billing.tolerancePercentage())
                .withMinimumRequest(Msats.of(billing.minRequestMsat()));
    }

    /** The providers' timeouts and circuit: Routstr's count of failures in a row when set, else the failure rate. */
    static UpstreamSettings upstreamSettings(ProxyProperties proxy) {
        UpstreamSettings settings = new UpstreamSettings(
                proxy.connectTimeout(),
                proxy.firstByteTimeout(),
                proxy.idleTimeout(),
                proxy.circuitFailureRatePercent(),
                proxy.circuitWindowSize(),
                proxy.circuitMinimumCalls(),
                proxy.circuitOpenWait(),
                proxy.maxConcurrentPerProvider());
        return proxy.circuitAllowedFails() == null ? settings : settings.withAllowedFails(proxy.circuitAllowedFails());
    }

    @Bean
    LlmRequestReaderPort llmRequestReader(ObjectMapper mapper) {
        return new JsonRequestReader(mapper);
    }

    /**
     * The node's one upstream HTTP client lives in this adapter: Spring closes it (its inferred {@code close}) when the
     * context stops, after the web server's graceful shutdown has let the requests in flight finish.
     */
    @Bean
    HttpUpstreamAdapter upstreamAdapter(
            ProxyProperties proxy,
            ObjectMapper mapper,
            CircuitBreakerRegistry circuitBreakers,
            BulkheadRegistry bulkheads) {
        return new HttpUpstreamAdapter(upstreamSettings(proxy), mapper, Clock.systemUTC(), circuitBreakers, bulkheads);
    }

    /** The models file is read here, once: a file that cannot be read, or holds no model, stops the start. */
    @Bean
    ModelCatalogueAdapter modelCatalogues(ProxyProperties proxy, ObjectMapper mapper) {
        return ModelCatalogueAdapter.configured(
                proxy.modelsPath(), proxy.openrouterModelsUrl(), mapper, proxy.priceSourceTimeout());
    }

    @Bean
    ProviderModelsAdapter providerModels(ProxyProperties proxy, ObjectMapper mapper) {
        return new ProviderModelsAdapter(mapper, proxy.priceSourceTimeout());
    }

    @Bean
    FindModelRoutesService modelRoutes(PricingPolicy pricing) {
        return new FindModelRoutesService(pricing);
    }

    @Bean
    RefreshModelCatalogUseCase refreshModelCatalog(
            ProviderStorePort providers,
            PriceOverridePort overrides,
            ProviderModelsPort providerModels,
            ModelCataloguePort catalogues,
            FindModelRoutesService routes) {
        return new RefreshModelCatalogService(providers, overrides, providerModels, catalogues, routes);
    }

    @Bean
    RefreshExchangeRateUseCase refreshExchangeRate(ExchangeRatePort rates) {
        return new RefreshExchangeRateService(rates);
    }

    @Bean
    ExchangeRateAdapter exchangeRate(ProxyProperties proxy, ObjectMapper mapper) {
        if (!proxy.btcUsdRate().isBlank()) {
            BtcUsdRate rate;
            try {
                rate = BtcUsdRate.of(proxy.btcUsdRate().strip());
            } catch (IllegalArgumentException e) {
                // NumberFormatException included: a rate that is not a positive number is refused at start-up.
                throw new IllegalStateException("BTC_USD_RATE is not a positive number: " + proxy.btcUsdRate(), e);
            }
            return ExchangeRateAdapter.fixed(rate, mapper);
        }
        return new ExchangeRateAdapter(
                List.of(
                        new PriceSource("kraken", URI.create(proxy.krakenUrl()), PriceSource.Shape.KRAKEN),
                        new PriceSource("coinbase", URI.create(proxy.coinbaseUrl()), PriceSource.Shape.COINBASE),
                        new PriceSource("binance", URI.create(proxy.binanceUrl()), PriceSource.Shape.BINANCE)),
                mapper,
                proxy.priceSourceTimeout());
    }

    @Bean
    ProxyAllowlist proxyAllowlist(ProxyProperties proxy) {
        return ProxyAllowlist.withExtraPaths(proxy.extraAllowedPaths());
    }

    @Bean
    RequestLimits requestLimits(ProxyProperties proxy) {
        return new RequestLimits(proxy.maxRequestBodyBytes(), proxy.requestBodyTimeout());
    }

    @Bean
    ProxyPolicy proxyPolicy(ProxyProperties proxy, BillingProperties billing) {
        return new ProxyPolicy(
                proxy.disconnectDrainWindow(), billing.maxRequestLifetime(), proxy.upstream5xxRetryAttempts());
    }

    @Bean
    ForwardLlmRequestUseCase forwardLlmRequest(
            FindModelRoutesUseCase catalog,
            ExchangeRatePort rates,
            HttpUpstreamAdapter upstream,
            MeterRegistry registry,
            PricingPolicy pricing,
            ProxyPolicy policy,
            ClockPort clock) {
        return new MeteredForwardLlmRequest(
                new ForwardLlmRequestService(
                        catalog,
                        rates,
                        new MeteredUpstreamPort(upstream, registry),
                        new MaxCostEstimator(pricing),
                        new CostCalculator(pricing),
                        policy,
                        clock),
                registry);
    }

    @Bean
    ListModelsUseCase listModels(FindModelRoutesUseCase catalog, ExchangeRatePort rates, PricingPolicy pricing) {
        return new ListModelsService(catalog, rates, new MaxCostEstimator(pricing), pricing);
    }

    @Bean
    ListModelPathsUseCase listModelPaths(
            FindModelRoutesUseCase catalog, ExchangeRatePort rates, PricingPolicy pricing) {
        return new ListModelPathsService(catalog, rates, new MaxCostEstimator(pricing), pricing);
    }

    @Bean
    CheckEcashPaymentUseCase checkEcashPayment(
            FindModelRoutesUseCase catalog, ExchangeRatePort rates, TokenRedemption tokens, PricingPolicy pricing) {
        return new CheckEcashPaymentService(catalog, rates, tokens, new MaxCostEstimator(pricing));
    }

    @Bean
    PayWithApiKeyUseCase payWithApiKey(
            ReserveForRequestUseCase reserve,
            SettleRequestUseCase settle,
            ReleaseReservationUseCase release,
            ReleaseSupersededHoldUseCase supersede,
            MakeHoldDurableUseCase durable,
            StandingHoldsService standing) {
        return new PayWithApiKeyService(reserve, settle, release, supersede, durable, standing);
    }

    @Bean
    ServePaidRequestUseCase servePaidRequest(
            AuthenticateApiKeyUseCase authenticate,
            OpenKeyWithTokenUseCase openWithToken,
            LimitRequestRateUseCase rateLimits,
            AdmitRequestUseCase admission,
            UpdateRefundPreferencesUseCase refundPreferences,
            PayWithApiKeyUseCase payWithApiKey,
            ForwardLlmRequestUseCase forward,
            CheckEcashPaymentUseCase checkEcash,
            PayPerRequestWithEcashUseCase ecash,
            LlmRequestReaderPort requests,
            WorkAdmissionPort work) {
        return new ServePaidRequestService(
                authenticate,
                openWithToken,
                rateLimits,
                admission,
                refundPreferences,
                payWithApiKey,
                forward,
                checkEcash,
                ecash,
                requests,
                work);
    }

    @Bean
    LimitRequestRateUseCase limitRequestRate(
            RequestLimitPort limits, ClockPort clock, ProxyProperties proxy, BillingPolicy billing) {
        RateLimits defaults = new RateLimits(
                proxy.defaultRequestsPerMinute() > 0
                        ? OptionalInt.of(proxy.defaultRequestsPerMinute())
                        : OptionalInt.empty(),
                proxy.defaultTokensPerMinute() > 0
                        ? OptionalLong.of(proxy.defaultTokensPerMinute())
                        : OptionalLong.empty(),
                proxy.defaultMaxConcurrent() > 0 ? OptionalInt.of(proxy.defaultMaxConcurrent()) : OptionalInt.empty());
        return new LimitRequestRateService(limits, clock, defaults, billing.staleReservationTimeout());
    }

    @Bean
    SeedProvidersUseCase seedProviders(ProviderStorePort providers) {
        return new SeedProvidersService(providers);
    }

    /** Routstr's environment seeds (§7.1), in its order. */
    @Bean
    ProviderSeeds providerSeeds(ProviderSeedProperties env) {
        List<ProviderSeed> seeds = new ArrayList<>();
        ProviderFee fee = ProviderFee.ROUTSTR_DEFAULT;
        addKeyed(seeds, ProviderType.OPENAI, env.openaiApiKey(), fee);
        addKeyed(seeds, ProviderType.ANTHROPIC, env.anthropicApiKey(), fee);
        addKeyed(seeds, ProviderType.OPENROUTER, env.openrouterApiKey(), ProviderFee.of("1.06"));
        addKeyed(seeds, ProviderType.GROQ, env.groqApiKey(), fee);
        addKeyed(seeds, ProviderType.PERPLEXITY, env.perplexityApiKey(), fee);
        addKeyed(seeds, ProviderType.FIREWORKS, env.fireworksApiKey(), fee);
        addKeyed(seeds, ProviderType.XAI, env.xaiApiKey(), fee);
        if (!env.ollamaBaseUrl().isBlank()) {
            seeds.add(new ProviderSeed(
                    ProviderType.OLLAMA, env.ollamaBaseUrl(), optional(env.ollamaApiKey()), fee, Optional.empty()));
        }
        if (!env.upstreamBaseUrl().isBlank()) {
            boolean azure = !env.chatCompletionsApiVersion().isBlank();
            seeds.add(new ProviderSeed(
                    azure ? ProviderType.AZURE : ProviderType.GENERIC,
                    env.upstreamBaseUrl(),
                    optional(env.upstreamApiKey()),
                    fee,
                    optional(env.chatCompletionsApiVersion())));
        }
        return new ProviderSeeds(seeds);
    }

    private static void addKeyed(List<ProviderSeed> seeds, ProviderType type, String key, ProviderFee fee) {
        if (!key.isBlank()) {
            seeds.add(new ProviderSeed(type, "", Optional.of(key), fee, Optional.empty()));
        }
    }

    private static Optional<String> optional(String value) {
        return value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}

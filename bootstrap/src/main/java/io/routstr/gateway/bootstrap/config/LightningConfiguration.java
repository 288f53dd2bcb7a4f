package io.routstr.gateway.bootstrap.config;

import io.routstr.gateway.application.port.in.key.FundApiKeyUseCase;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.LightningInvoicePort;
import io.routstr.gateway.application.service.CheckLightningInvoiceService;
import io.routstr.gateway.application.service.CreateLightningInvoiceService;
import io.routstr.gateway.application.service.InvoiceSettlement;
import io.routstr.gateway.application.service.LightningPolicy;
import io.routstr.gateway.application.service.RecoverLightningInvoiceService;
import io.routstr.gateway.application.service.WatchLightningInvoicesService;
import io.routstr.gateway.application.service.wallet.MintQuotes;
import io.routstr.gateway.application.service.wallet.WalletMintQuotes;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Lightning invoices: their use cases and settings; {@code DepositJobs} runs the watcher that credits paid ones. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LightningConfiguration.LightningProperties.class)
@Import({
    WalletMintQuotes.class,
    CreateLightningInvoiceService.class,
    CheckLightningInvoiceService.class,
    RecoverLightningInvoiceService.class,
    WatchLightningInvoicesService.class
})
class LightningConfiguration {

    /**
     * Invoice lifetime on the node's clock, grace for late payments, watcher batch and recheck interval (Routstr's
     * hard-coded 3600 s, 86 400 s, 100 and 10 s, here configurable).
     */
    @ConfigurationProperties("routstr.lightning")
    record LightningProperties(
            @DefaultValue("1h") Duration invoiceExpiry,
            @DefaultValue("24h") Duration gracePeriod,
            @DefaultValue("100") int watcherBatchSize,
            @DefaultValue("10s") Duration recheckInterval) {}

    @Bean
    LightningPolicy lightningPolicy(LightningProperties lightning, CashuProperties cashu) {
        return new LightningPolicy(
                MintUrl.of(cashu.effectivePrimaryMintUrl()),
                CurrencyUnit.of(cashu.primaryMintUnit()),
                lightning.invoiceExpiry(),
                lightning.gracePeriod(),
                lightning.watcherBatchSize(),
                lightning.recheckInterval());
    }

    /** The one settlement step the check, recover and watch use cases share. */
    @Bean
    InvoiceSettlement invoiceSettlement(
            LightningInvoicePort invoices,
            MintQuotes quotes,
            ApiKeyPort apiKeys,
            FundApiKeyUseCase fund,
            ClockPort clock,
            LightningPolicy policy) {
        return new InvoiceSettlement(invoices, quotes, apiKeys, fund, clock, policy);
    }
}

package io.routstr.gateway.bootstrap.config;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.LightningAddressPort;
import io.routstr.gateway.application.port.out.MintBackingPort;
import io.routstr.gateway.application.port.out.MintPort;
import io.routstr.gateway.application.port.out.SwapJournalPort;
import io.routstr.gateway.application.port.out.TokenCodecPort;
import io.routstr.gateway.application.port.out.WalletCryptoPort;
import io.routstr.gateway.application.port.out.WalletJournalPort;
import io.routstr.gateway.application.port.out.WalletProofStorePort;
import io.routstr.gateway.application.service.MintLiabilityGuard;
import io.routstr.gateway.application.service.Payouts;
import io.routstr.gateway.application.service.WalletPayouts;
import io.routstr.gateway.application.service.wallet.CashuWallet;
import io.routstr.gateway.application.service.wallet.EcashWallet;
import io.routstr.gateway.application.service.wallet.ForeignMints;
import io.routstr.gateway.application.service.wallet.SeedVault;
import io.routstr.gateway.application.service.wallet.WalletSettings;
import io.routstr.gateway.bootstrap.metrics.MintCallTimer;
import io.routstr.gateway.cashu.crypto.CashuCryptoAdapter;
import io.routstr.gateway.cashu.lnurl.ForeignMintAddressGuard;
import io.routstr.gateway.cashu.lnurl.LnurlPayConfig;
import io.routstr.gateway.cashu.lnurl.LnurlPayResolver;
import io.routstr.gateway.cashu.mint.HttpMintAdapter;
import io.routstr.gateway.cashu.mint.MintClientSettings;
import io.routstr.gateway.cashu.mint.MintClients;
import io.routstr.gateway.cashu.token.CashuTokenCodecAdapter;
import io.routstr.gateway.cashu.token.TokenCodec;
import io.routstr.gateway.cashu.wallet.NodeSecretKey;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.persistence.secret.AtRestCipher;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The Cashu wallet: mint clients with their resilience policy, the encrypted seed, the wallet behind {@link
 * EcashWallet} and {@link Payouts}, and its recovery job (at start-up, then every {@code recovery-interval};
 * the journal's lease keeps two instances from recovering one operation at once).
 */
@Configuration(proxyBeanMethods = false)
@Import({SeedVault.class})
class WalletConfiguration {

    @Bean
    MintClientSettings mintClientSettings(CashuProperties cashu) {
        return new MintClientSettings(
                cashu.mintOperationTimeout(),
                cashu.meltTimeout(),
                cashu.mintMaxConcurrency(),
                Math.max(1, cashu.mintRetryMaxAttempts()),
                Duration.ofSeconds(1),
                cashu.keysetCacheTtl(),
                Duration.ofSeconds(30));
    }

    /** The mint clients, each call timed into {@code routstr_mint_request_seconds} ({@link MintCallTimer}). */
    @Bean
    MintClients mintClients(MintClientSettings settings, WalletSettings wallet, MeterRegistry registry) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(settings.operationTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        Set<MintUrl> trusted = new HashSet<>(wallet.trustedMints());
        trusted.add(wallet.primaryMint());
        return new MintClients(http, JsonMapper.builder().build(), settings, new MintCallTimer(registry, trusted));
    }

    /** The mint's HTTP API as the wallet's jobs call it. */
    @Bean
    MintPort mintPort(MintClients clients) {
        return new HttpMintAdapter(clients);
    }

    /** Blinding, unblinding, NUT-13 derivation and NUT-20 quote locks, in the Cashu adapter. */
    @Bean
    WalletCryptoPort walletCryptoPort() {
        LoggerFactory.getLogger(WalletConfiguration.class)
                .info("secp256k1 arithmetic: {}", CashuCryptoAdapter.curveArithmetic());
        return new CashuCryptoAdapter(new SecureRandom());
    }

    /** The cashuA/cashuB token formats. */
    @Bean
    TokenCodecPort tokenCodecPort() {
        return new CashuTokenCodecAdapter(new TokenCodec());
    }

    @Bean
    WalletSettings walletSettings(CashuProperties cashu) {
        cashu.recoveryGraceWarning().ifPresent(LoggerFactory.getLogger(WalletConfiguration.class)::warn);
        List<MintUrl> trusted = cashu.mints().stream()
                .filter(m -> !m.isBlank())
                .map(MintUrl::of)
                .toList();
        return new WalletSettings(
                trusted,
                MintUrl.of(cashu.effectivePrimaryMintUrl()),
                CurrencyUnit.of(cashu.primaryMintUnit()),
                cashu.recoveryGrace(),
                100,
                cashu.walletDenominations());
    }

    /**
     * The one cipher for secrets at rest (the wallet seed, provider keys, stored ecash), keyed per purpose from the
     * node secret ({@code ROUTSTR_SECRET_KEY}, or the key file generated on first start).
     */
    @Bean
    AtRestCipher atRestCipher(CashuProperties cashu) {
        return AtRestCipher.fromNodeSecret(
                NodeSecretKey.resolveText(cashu.secretKey(), Path.of(cashu.secretKeyFile())));
    }

    @Bean
    CashuWallet cashuWallet(
            WalletSettings settings,
            MintPort mints,
            WalletCryptoPort crypto,
            TokenCodecPort codec,
            WalletProofStorePort proofs,
            WalletJournalPort journal,
            SeedVault vault,
            ClockPort clock,
            ForeignMintProperties foreignMint,
            CashuProperties cashu,
            SwapJournalPort swaps) {
        // Swaps outlast their request's time budget on virtual threads of their own; nothing waits for them at shutdown
        // because the swap journal lets recovery finish whatever a stop interrupts.
        ThreadFactory swapThreads =
                Thread.ofVirtual().name("foreign-mint-swap-", 0).factory();
        ForeignMints foreignMints = new ForeignMints(
                foreignMint.parsedPolicy(),
                new ForeignMintAddressGuard(foreignMint.allowPrivate()),
                swaps,
                task -> swapThreads.newThread(task).start(),
                foreignMint.swapTimeout(),
                foreignMint.maxAmountSat(),
                cashu.mintOperationTimeout());
        return new CashuWallet(settings, mints, crypto, codec, proofs, journal, vault, clock, foreignMints);
    }

    /**
     * Resolves refund addresses (LNURL-pay, Lightning addresses). A refund address is user input, so private and
     * loopback destinations are refused unless the operator allows them ({@code REFUND_ALLOW_PRIVATE_DESTINATIONS}).
     */
    @Bean(destroyMethod = "close")
    LnurlPayResolver lnurlPayResolver(
            @Value("${routstr.lightning.allow-private-refund-destinations:false}") boolean allowPrivate,
            @Value("${routstr.lightning.allow-http-refund-destinations:false}") boolean allowHttp) {
        return new LnurlPayResolver(LnurlPayConfig.defaults()
                .withAllowPrivateDestinations(allowPrivate)
                .withAllowHttp(allowHttp));
    }

    @Bean
    Payouts walletPayoutPort(EcashWallet wallet, LightningAddressPort lightning, MintBackingPort backing) {
        return new MintLiabilityGuard(new WalletPayouts(wallet, lightning), backing);
    }
}

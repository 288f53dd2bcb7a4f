package io.routstr.gateway.bootstrap.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.routstr.gateway.application.port.in.key.FundApiKeyUseCase;
import io.routstr.gateway.application.port.in.payment.FitTokenToHeaderUseCase;
import io.routstr.gateway.application.port.in.payment.ReconcileDepositsUseCase;
import io.routstr.gateway.application.port.in.payment.TopUpWithEcashUseCase;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.application.port.out.TokenCodecPort;
import io.routstr.gateway.application.port.out.TokenKeyOpeningPort;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort;
import io.routstr.gateway.application.service.DescribeApiKeyService;
import io.routstr.gateway.application.service.FitTokenToHeaderService;
import io.routstr.gateway.application.service.KeyHistoryService;
import io.routstr.gateway.application.service.OpenKeyWithTokenService;
import io.routstr.gateway.application.service.PayPerRequestWithEcashService;
import io.routstr.gateway.application.service.ReconcileDepositsService;
import io.routstr.gateway.application.service.RefundExpiredKeysService;
import io.routstr.gateway.application.service.ResetChildKeySpendingService;
import io.routstr.gateway.application.service.TokenDeposits;
import io.routstr.gateway.application.service.TopUpWithEcashService;
import io.routstr.gateway.application.service.UpdateRefundPreferencesService;
import io.routstr.gateway.application.service.ViewWalletBalancesService;
import io.routstr.gateway.application.service.wallet.EcashWallet;
import io.routstr.gateway.application.service.wallet.TokenRedemption;
import io.routstr.gateway.application.service.wallet.WalletSettings;
import io.routstr.gateway.application.service.wallet.WalletTokenRedemption;
import io.routstr.gateway.bootstrap.metrics.MeteredTokenRedemption;
import io.routstr.gateway.domain.mint.MintUrl;
import java.util.HashSet;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The payment use cases: keys opened and topped up with ecash, key info, history, child resets, refund targets. */
@Configuration(proxyBeanMethods = false)
@Import({
    PayPerRequestWithEcashService.class,
    ViewWalletBalancesService.class,
    RefundExpiredKeysService.class,
    DescribeApiKeyService.class,
    KeyHistoryService.class,
    ResetChildKeySpendingService.class,
    UpdateRefundPreferencesService.class
})
class PaymentConfiguration {

    /** Metered where it is built, so that the bean keeps one type and tests can replace it by that type. */
    @Bean
    TokenRedemption tokenRedemptionPort(
            EcashWallet wallet,
            TokenCodecPort codec,
            CashuProperties cashu,
            WalletSettings settings,
            MeterRegistry registry,
            ForeignMintProperties foreignMint) {
        Set<MintUrl> trusted = new HashSet<>(settings.trustedMints());
        trusted.add(settings.primaryMint());
        return new MeteredTokenRedemption(
                new WalletTokenRedemption(
                        wallet,
                        codec,
                        cashu.maxProofsPerToken(),
                        WalletTokenRedemption.landing(settings, foreignMint.parsedPolicy())),
                registry,
                trusted);
    }

    /** One claim timeout for opening, topping up and reconciling: a live deposit is never taken over early. */
    @Bean
    TokenDeposits tokenDeposits(
            TokenRedemptionLogPort redemptions,
            TokenRedemption wallet,
            FundApiKeyUseCase fund,
            TokenKeyOpeningPort openings,
            EcashPaymentLogPort payments,
            ClockPort clock,
            CashuProperties cashu) {
        return new TokenDeposits(redemptions, wallet, fund, openings, payments, clock, cashu.depositClaimTimeout());
    }

    @Bean
    OpenKeyWithTokenService openKeyWithToken(ApiKeyPort apiKeys, TokenDeposits deposits) {
        return new OpenKeyWithTokenService(apiKeys, deposits);
    }

    @Bean
    ReconcileDepositsUseCase reconcileDeposits(TokenDeposits deposits) {
        return new ReconcileDepositsService(deposits);
    }

    @Bean
    TopUpWithEcashUseCase topUpWithEcash(ApiKeyPort apiKeys, TokenRedemption wallet, TokenDeposits deposits) {
        return new TopUpWithEcashService(apiKeys, wallet, deposits);
    }

    @Bean
    FitTokenToHeaderUseCase fitTokenToHeader(TokenCodecPort codec) {
        return new FitTokenToHeaderService(codec);
    }
}

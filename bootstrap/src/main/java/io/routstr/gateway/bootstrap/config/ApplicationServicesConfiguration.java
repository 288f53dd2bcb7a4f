package io.routstr.gateway.bootstrap.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.routstr.gateway.application.port.in.billing.SweepStaleReservationsUseCase;
import io.routstr.gateway.application.port.in.key.FundApiKeyUseCase;
import io.routstr.gateway.application.port.in.node.DescribeNodeUseCase;
import io.routstr.gateway.application.port.in.node.NodeInfo;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.InstanceHeartbeatPort;
import io.routstr.gateway.application.port.out.NostrSignerPort;
import io.routstr.gateway.application.service.AdmitRequestService;
import io.routstr.gateway.application.service.AuthenticateApiKeyService;
import io.routstr.gateway.application.service.BillingPolicy;
import io.routstr.gateway.application.service.CheckLedgerInvariantService;
import io.routstr.gateway.application.service.CreateChildKeysService;
import io.routstr.gateway.application.service.DescribeNodeService;
import io.routstr.gateway.application.service.FundApiKeyService;
import io.routstr.gateway.application.service.KeepInstanceAliveService;
import io.routstr.gateway.application.service.MakeHoldDurableService;
import io.routstr.gateway.application.service.ReconcileRefundsService;
import io.routstr.gateway.application.service.RefundBalanceService;
import io.routstr.gateway.application.service.RefundPolicy;
import io.routstr.gateway.application.service.ReleaseReservationService;
import io.routstr.gateway.application.service.ReleaseSupersededHoldService;
import io.routstr.gateway.application.service.ReserveForRequestService;
import io.routstr.gateway.application.service.ResetBalanceLimitsService;
import io.routstr.gateway.application.service.SettleRequestService;
import io.routstr.gateway.application.service.StandingHoldsService;
import io.routstr.gateway.application.service.SweepStaleReservationsService;
import io.routstr.gateway.application.service.admin.EditableSetting;
import io.routstr.gateway.application.service.admin.LiveSettings;
import io.routstr.gateway.bootstrap.metrics.MeteredReservationSweep;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.InstanceId;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The application's use cases as beans: the application module knows no Spring, so it is wired here, and
 * configuration reaches services only as plain values ({@link BillingPolicy}, {@link NodeInfo}).
 */
@Configuration(proxyBeanMethods = false)
@Import({
    AuthenticateApiKeyService.class,
    ReserveForRequestService.class,
    AdmitRequestService.class,
    SettleRequestService.class,
    ReleaseReservationService.class,
    ReleaseSupersededHoldService.class,
    MakeHoldDurableService.class,
    KeepInstanceAliveService.class,
    CreateChildKeysService.class,
    ResetBalanceLimitsService.class,
    RefundBalanceService.class,
    ReconcileRefundsService.class,
    CheckLedgerInvariantService.class
})
class ApplicationServicesConfiguration {

    @Bean
    BillingPolicy billingPolicy(BillingProperties billing) {
        return new BillingPolicy(
                Msats.of(billing.minRequestMsat()),
                billing.staleReservationTimeout(),
                Msats.of(billing.childKeyCostMsats()),
                billing.sweepBatchSize(),
                billing.maxRequestLifetime());
    }

    @Bean
    StandingHoldsService standingHolds(
            BalancePort balances,
            ClockPort clock,
            InstanceId instance,
            BillingProperties billing,
            BillingPolicy policy) {
        return new StandingHoldsService(
                balances, clock, instance, billing.standingHoldIdle(), policy.standingHoldKeptFor());
    }

    /** This running instance: new at every start, so that a restarted node's old holds are seen as silent. */
    @Bean
    InstanceId instanceId() {
        return InstanceId.random();
    }

    @Bean
    NodeInfo nodeInfo(NodeProperties node, CashuProperties cashu, BillingProperties billing, NostrSignerPort nostrKey) {
        return new NodeInfo(
                node.name(),
                node.description(),
                node.version(),
                // Routstr §8: the npub is always derived from the live key; NPUB only stands in without one.
                nostrKey.configured() ? nostrKey.npub() : node.npub(),
                cashu.mints().stream().filter(m -> !m.isBlank()).toList(),
                node.httpUrl(),
                node.onionUrl(),
                billing.childKeyCostMsats());
    }

    @Bean
    ClockPort clockPort(BillingProperties billing) {
        return new SystemClock(billing.limitResetZone());
    }

    @Bean
    DescribeNodeUseCase describeNode(NodeInfo info, LiveSettings live, NostrSignerPort nostrKey) {
        // The edited settings and the key in use now, so that an edit or a new key shows in /v1/info at once.
        return new DescribeNodeService(() -> new NodeInfo(
                live.get(EditableSetting.NAME),
                live.get(EditableSetting.DESCRIPTION),
                info.version(),
                nostrKey.configured() ? nostrKey.npub() : info.npub(),
                info.mints(),
                live.get(EditableSetting.HTTP_URL),
                live.get(EditableSetting.ONION_URL),
                info.childKeyCostMsats()));
    }

    @Bean
    FundApiKeyUseCase fundApiKey(ApiKeyPort apiKeys, BalancePort balances, ClockPort clock) {
        return new FundApiKeyService(apiKeys, balances, clock);
    }

    @Bean
    SweepStaleReservationsUseCase sweepStaleReservations(
            BalancePort balances,
            InstanceHeartbeatPort heartbeats,
            ClockPort clock,
            BillingPolicy policy,
            MeterRegistry registry) {
        return new MeteredReservationSweep(
                new SweepStaleReservationsService(balances, heartbeats, clock, policy), registry);
    }

    @Bean
    RefundPolicy refundPolicy(RefundProperties refunds) {
        return new RefundPolicy(
                refunds.claimTimeout(),
                refunds.reconcileInterval(),
                refunds.reconcileBatchSize(),
                refunds.expiredKeyRetry(),
                refunds.expiredKeyRetryMax());
    }
}

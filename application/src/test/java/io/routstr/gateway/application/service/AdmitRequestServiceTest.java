package io.routstr.gateway.application.service;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.InMemoryAccounts;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.in.billing.AdmitRequestUseCase.Admission;
import io.routstr.gateway.application.port.in.billing.ReserveForRequestCommand;
import io.routstr.gateway.application.port.in.billing.ReserveOutcome;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyBuilder;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.LimitResetPeriod;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.InstanceId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdmitRequestServiceTest {

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final BillingPolicy policy = new BillingPolicy(Msats.of(50), Duration.ofMinutes(5), Msats.ZERO, 100);
    private final AdmitRequestService admission = new AdmitRequestService(accounts, clock, policy);
    private final ReserveForRequestService reserve =
            new ReserveForRequestService(accounts, accounts, clock, policy, InstanceId.random());

    private ApiKey funded(ApiKeyBuilder builder, long msats) {
        ApiKey key = accounts.createIfAbsent(builder.createdAt(clock.now()).build());
        accounts.credit(key.id(), Msats.of(msats), "deposit:" + key.id(), clock.now());
        return key;
    }

    private void spend(ApiKey key, long msats) {
        ReserveOutcome held = reserve.reserve(new ReserveForRequestCommand(key.id(), Msats.of(msats)));
        accounts.settle(((ReserveOutcome.Reserved) held).reservation().id(), Msats.of(msats), clock.now());
    }

    @Test
    void aKeyInGoodStandingIsAdmitted() {
        ApiKey key = funded(anApiKey().withLimit(Msats.of(1_000), LimitResetPeriod.NEVER), 10_000);

        assertThat(admission.admit(key.id())).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void anExpiredKeyIsRefused() {
        ApiKey key = funded(anApiKey().validUntil(clock.now().minusSeconds(1)), 10_000);

        assertThat(admission.admit(key.id()))
                .isEqualTo(new Admission.Refused(
                        new ReserveOutcome.KeyExpired(clock.now().minusSeconds(1))));
    }

    @Test
    void aChildOfAnExpiredParentIsRefused() {
        ApiKey parent = funded(anApiKey().validUntil(clock.now().minusSeconds(1)), 10_000);
        ApiKey child = accounts.createIfAbsent(anApiKey().childOf(parent).build());

        assertThat(admission.admit(child.id()))
                .isInstanceOfSatisfying(
                        Admission.Refused.class,
                        refused -> assertThat(refused.reason()).isInstanceOf(ReserveOutcome.KeyExpired.class));
    }

    @Test
    void aKeyThatCannotTakeOnEvenTheSmallestRequestIsAtItsLimit() {
        ApiKey key = funded(anApiKey().withLimit(Msats.of(1_000), LimitResetPeriod.NEVER), 10_000);
        spend(key, 960);

        assertThat(admission.admit(key.id()))
                .isEqualTo(new Admission.Refused(new ReserveOutcome.BalanceLimitExceeded(Msats.of(50))));
    }

    @Test
    void aChildAtItsOwnLimitIsRefused_evenThoughItsParentCouldPay() {
        ApiKey parent = funded(anApiKey(), 10_000);
        ApiKey child = accounts.createIfAbsent(anApiKey()
                .childOf(parent)
                .withLimit(Msats.of(100), LimitResetPeriod.NEVER)
                .build());
        spend(child, 100);

        assertThat(admission.admit(child.id())).isInstanceOf(Admission.Refused.class);
        assertThat(admission.admit(parent.id())).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void aLimitWhosePeriodHasTurnedIsLeftToTheReservationToStartOver() {
        ApiKey key = funded(anApiKey().withLimit(Msats.of(1_000), LimitResetPeriod.DAILY), 10_000);
        spend(key, 1_000);
        assertThat(admission.admit(key.id())).isInstanceOf(Admission.Refused.class);

        clock.advance(Duration.ofDays(1));

        assertThat(admission.admit(key.id())).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void admissionWritesNothing() {
        ApiKey key = funded(anApiKey().withLimit(Msats.of(1_000), LimitResetPeriod.DAILY), 10_000);
        spend(key, 1_000);
        clock.advance(Duration.ofDays(1));
        ApiKey before = accounts.findById(key.id()).orElseThrow();

        admission.admit(key.id());

        assertThat(accounts.findById(key.id())).contains(before);
    }

    @Test
    void anUnknownKeyIsRefused() {
        assertThat(admission.admit(ApiKeyId.random()))
                .isEqualTo(new Admission.Refused(new ReserveOutcome.UnknownKey()));
    }
}

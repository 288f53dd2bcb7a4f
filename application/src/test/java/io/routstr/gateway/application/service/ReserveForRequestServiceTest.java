package io.routstr.gateway.application.service;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.InMemoryAccounts;
import io.routstr.gateway.application.fake.MutableClock;
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

class ReserveForRequestServiceTest {

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final BillingPolicy policy = new BillingPolicy(Msats.of(50), Duration.ofMinutes(5), Msats.ZERO, 100);
    private final ReserveForRequestService service =
            new ReserveForRequestService(accounts, accounts, clock, policy, InstanceId.random());

    private ApiKey funded(ApiKeyBuilder builder, long msats) {
        ApiKey key = accounts.createIfAbsent(builder.createdAt(clock.now()).build());
        accounts.credit(key.id(), Msats.of(msats), "deposit:" + key.id(), clock.now());
        return key;
    }

    @Test
    void aReservationIsNeverBelowTheMinimum() {
        ApiKey key = funded(anApiKey(), 1_000);

        ReserveOutcome outcome = service.reserve(new ReserveForRequestCommand(key.id(), Msats.of(10)));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ReserveOutcome.Reserved.class,
                        reserved -> assertThat(reserved.reservation().amount()).isEqualTo(Msats.of(50)));
    }

    @Test
    void aKeyWhoseLimitPeriodHasEndedStartsItOverAndIsReserved() {
        ApiKey key = funded(anApiKey().withLimit(Msats.of(1_000), LimitResetPeriod.DAILY), 10_000);
        spend(key, 1_000);
        clock.advance(Duration.ofDays(2));

        assertThat(service.reserve(new ReserveForRequestCommand(key.id(), Msats.of(500))))
                .isInstanceOf(ReserveOutcome.Reserved.class);
    }

    private void spend(ApiKey key, long msats) {
        ReserveOutcome held = service.reserve(new ReserveForRequestCommand(key.id(), Msats.of(msats)));
        accounts.settle(((ReserveOutcome.Reserved) held).reservation().id(), Msats.of(msats), clock.now());
    }

    @Test
    void anExpiredKeyIsRefusedWithoutTouchingItsBalance() {
        ApiKey key = funded(anApiKey().validUntil(clock.now().minusSeconds(1)), 1_000);

        assertThat(service.reserve(new ReserveForRequestCommand(key.id(), Msats.of(100))))
                .isInstanceOf(ReserveOutcome.KeyExpired.class);
        assertThat(accounts.findById(key.id()).orElseThrow().reserved()).isEqualTo(Msats.ZERO);
    }

    @Test
    void aChildOfAnExpiredParentIsRefused() {
        ApiKey parent = funded(anApiKey().validUntil(clock.now().minusSeconds(1)), 1_000);
        ApiKey child = accounts.createIfAbsent(anApiKey().childOf(parent).build());

        assertThat(service.reserve(new ReserveForRequestCommand(child.id(), Msats.of(100))))
                .isInstanceOf(ReserveOutcome.KeyExpired.class);
    }

    @Test
    void anInsufficientBalanceReportsWhatWasRequiredAndWhatIsAvailable() {
        ApiKey key = funded(anApiKey(), 20_320);

        assertThat(service.reserve(new ReserveForRequestCommand(key.id(), Msats.of(622_888))))
                .isEqualTo(new ReserveOutcome.InsufficientBalance(Msats.of(622_888), Msats.of(20_320)));
    }

    @Test
    void aDailyLimitStartsOverBeforeTheFirstRequestOfTheDay() {
        ApiKey key = funded(anApiKey().withLimit(Msats.of(1_000), LimitResetPeriod.DAILY), 10_000);
        ReserveOutcome first = service.reserve(new ReserveForRequestCommand(key.id(), Msats.of(900)));
        accounts.settle(((ReserveOutcome.Reserved) first).reservation().id(), Msats.of(900), clock.now());
        assertThat(service.reserve(new ReserveForRequestCommand(key.id(), Msats.of(900))))
                .isInstanceOf(ReserveOutcome.BalanceLimitExceeded.class);

        clock.advance(Duration.ofDays(1));

        assertThat(service.reserve(new ReserveForRequestCommand(key.id(), Msats.of(900))))
                .isInstanceOf(ReserveOutcome.Reserved.class);
    }

    @Test
    void anUnknownKeyIsReported() {
        assertThat(service.reserve(new ReserveForRequestCommand(ApiKeyId.random(), Msats.of(1))))
                .isInstanceOf(ReserveOutcome.UnknownKey.class);
    }
}

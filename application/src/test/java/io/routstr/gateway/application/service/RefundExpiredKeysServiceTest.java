package io.routstr.gateway.application.service;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.FakePayouts;
import io.routstr.gateway.application.fake.InMemoryAccounts;
import io.routstr.gateway.application.fake.InMemoryRefundClaims;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.money.Msats;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefundExpiredKeysServiceTest {

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final FakePayouts payouts = new FakePayouts();
    private final RefundExpiredKeysService service = new RefundExpiredKeysService(
            accounts,
            new RefundBalanceService(
                    accounts,
                    accounts,
                    new InMemoryRefundClaims(accounts),
                    payouts,
                    clock,
                    BillingPolicy.defaults(),
                    StandingHoldsService.off(accounts, clock)),
            clock,
            RefundPolicy.defaults());

    @Test
    void aKeyIsRefundedToItsAddressOnceItsRefundTimeHasPassed() {
        ApiKey key = accounts.createIfAbsent(anApiKey().build());
        accounts.credit(key.id(), Msats.of(4_000), "deposit", clock.now());
        accounts.updateRefundTarget(
                key.id(),
                key.refundTarget()
                        .withLightningAddress("me@example.com", clock.now().plusSeconds(60)));

        assertThat(service.refundDueKeys()).isZero();
        clock.advance(Duration.ofMinutes(2));

        assertThat(service.refundDueKeys()).isEqualTo(1);
        assertThat(payouts.paid()).containsExactly(Msats.of(4_000));
        assertThat(service.refundDueKeys()).isZero();
        assertThat(accounts.balanceReport().holds()).isTrue();
    }

    @Test
    void fiftyKeysThatAlwaysFailAreDeferredSoTheKeyBehindThemIsRefunded() {
        for (int i = 0; i < 50; i++) {
            dueKey(4_000, "dead" + i + "@example.com", clock.now().plusSeconds(10));
            payouts.refuseAlways("dead" + i + "@example.com");
        }
        ApiKey good = dueKey(4_000, "alive@example.com", clock.now().plusSeconds(20));
        clock.advance(Duration.ofMinutes(1));

        assertThat(service.refundDueKeys()).isZero();
        assertThat(service.refundDueKeys()).isEqualTo(1);

        assertThat(accounts.findById(good.id()).orElseThrow().balance()).isEqualTo(Msats.ZERO);
        assertThat(payouts.paid()).containsExactly(Msats.of(4_000));
        assertThat(accounts.balanceReport().holds()).isTrue();
    }

    @Test
    void aFailingKeyWaitsLongerAfterEachFailure() {
        ApiKey dead = dueKey(4_000, "dead@example.com", clock.now());
        payouts.refuseAlways("dead@example.com");
        clock.advance(Duration.ofSeconds(1));
        service.refundDueKeys(); // fails: retried after the first wait (5 minutes)

        clock.advance(Duration.ofMinutes(4));
        assertThat(accounts.findDueForRefund(clock.now(), 10)).isEmpty();
        clock.advance(Duration.ofMinutes(2));
        assertThat(accounts.findDueForRefund(clock.now(), 10))
                .extracting(ApiKey::id)
                .containsExactly(dead.id());
        service.refundDueKeys(); // fails 6 minutes after falling due: waits 6 more minutes

        clock.advance(Duration.ofMinutes(5));
        assertThat(accounts.findDueForRefund(clock.now(), 10)).isEmpty();
        clock.advance(Duration.ofMinutes(2));
        assertThat(accounts.findDueForRefund(clock.now(), 10)).hasSize(1);
        assertThat(accounts.findById(dead.id()).orElseThrow().balance()).isEqualTo(Msats.of(4_000));
    }

    private ApiKey dueKey(long msats, String address, java.time.Instant refundAfter) {
        ApiKey key = accounts.createIfAbsent(anApiKey().build());
        accounts.credit(key.id(), Msats.of(msats), "deposit:" + key.id(), clock.now());
        accounts.updateRefundTarget(key.id(), key.refundTarget().withLightningAddress(address, refundAfter));
        return key;
    }
}

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
                    accounts, accounts, new InMemoryRefundClaims(accounts), payouts, clock, BillingPolicy.defaults()),
            clock);

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
}

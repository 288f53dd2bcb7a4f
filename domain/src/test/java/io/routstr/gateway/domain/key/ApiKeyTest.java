package io.routstr.gateway.domain.key;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeyTest {

    private final Instant now = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void spendableIsTheBalanceNotHeldByRequests() {
        ApiKey key = new ApiKey(
                ApiKeyId.random(),
                ApiKeySecret.generate().hash(),
                Msats.of(10_000),
                Msats.of(3_000),
                Msats.ZERO,
                Msats.ZERO,
                0,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                ApiKeyBuilder.TEST_MINT_SATS,
                now);

        assertThat(key.spendable()).isEqualTo(Msats.of(7_000));
    }

    @Test
    void aTopLevelKeyCannotReserveMoreThanItHolds() {
        assertThatThrownBy(() -> new ApiKey(
                        ApiKeyId.random(),
                        ApiKeySecret.generate().hash(),
                        Msats.of(1),
                        Msats.of(2),
                        Msats.ZERO,
                        Msats.ZERO,
                        0,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        ApiKeyBuilder.TEST_MINT_SATS,
                        now))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChildKeyHoldsNoBalanceAndIsBilledToItsParent() {
        ApiKey parent = anApiKey().build();
        ApiKey child = anApiKey().childOf(parent).build();

        assertThat(child.isChild()).isTrue();
        assertThat(child.billingKeyId()).isEqualTo(parent.id());
        assertThat(parent.billingKeyId()).isEqualTo(parent.id());
        assertThatThrownBy(() ->
                        anApiKey().childOf(parent).withBalance(Msats.of(1)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKey.childOf(
                        child,
                        ApiKeyId.random(),
                        ApiKeySecret.generate().hash(),
                        Optional.empty(),
                        Optional.empty(),
                        now))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyExpiresAtItsValidityDate() {
        ApiKey key = anApiKey().validUntil(now).build();

        assertThat(key.isExpired(now.minusMillis(1))).isFalse();
        assertThat(key.isExpired(now)).isTrue();
        assertThat(anApiKey().build().isExpired(now)).isFalse();
    }

    @Test
    void theLimitCountsSpentInPeriodPlusReservedPlusCost() {
        ApiKey key =
                anApiKey().withLimit(Msats.of(1_000), LimitResetPeriod.DAILY).build();

        assertThat(key.limitAllows(Msats.of(1_000))).isTrue();
        assertThat(key.limitAllows(Msats.of(1_001))).isFalse();
        assertThat(anApiKey().build().limitAllows(Msats.of(Long.MAX_VALUE / 2))).isTrue();
    }
}

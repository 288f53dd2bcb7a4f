package io.routstr.gateway.application.contract;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort.OpenFundedResult;
import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.TokenKeyOpeningPort;
import io.routstr.gateway.application.port.out.TokenKeyOpeningPort.TokenUse;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort.ClaimResult;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyBuilder;
import io.routstr.gateway.domain.money.Msats;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link TokenKeyOpeningPort}: every implementation, in memory or on PostgreSQL, must pass it. Read
 * back through the ports whose records it writes.
 */
public abstract class TokenKeyOpeningContract {

    protected final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");

    protected abstract TokenKeyOpeningPort openings();

    protected abstract ApiKeyPort apiKeys();

    protected abstract LedgerPort ledger();

    protected abstract TokenRedemptionLogPort redemptions();

    protected abstract EcashPaymentLogPort payments();

    @AfterEach
    void ledgerInvariantHolds() {
        assertThat(ledger().balanceReport().discrepancy())
                .as("ledger discrepancy")
                .isZero();
    }

    private TokenFingerprint claimedToken() {
        TokenFingerprint token = TokenFingerprint.of("cashuBopening-" + UUID.randomUUID());
        Instant now = clock.now();
        assertThat(redemptions().claim(token, now, now.minus(Duration.ofMinutes(5))))
                .isInstanceOf(ClaimResult.Claimed.class);
        return token;
    }

    private ClaimResult claimAgain(TokenFingerprint token) {
        Instant now = clock.now();
        return redemptions().claim(token, now, now.minus(Duration.ofMinutes(5)));
    }

    @Test
    void aTokensKeyOpensCreditedWithItsRedemptionCompletedIntoIt() {
        TokenFingerprint token = claimedToken();
        ApiKey fresh = anApiKey().createdAt(clock.now()).build();

        OpenFundedResult result = openings()
                .openFundedByToken(
                        fresh, Msats.of(10_000), "token:" + token.value(), token, TokenUse.OPENS_KEY, clock.now());

        assertThat(result).isInstanceOf(OpenFundedResult.Opened.class);
        assertThat(((OpenFundedResult.Opened) result).key().balance()).isEqualTo(Msats.of(10_000));
        assertThat(apiKeys().findByHash(fresh.keyHash()).orElseThrow().balance())
                .isEqualTo(Msats.of(10_000));
        assertThat(claimAgain(token)).isEqualTo(new ClaimResult.Completed(fresh.id()));
        assertThat(payments().find(token)).isEmpty();
    }

    @Test
    void aTokenPayingForOneRequestAlsoStartsItsPaymentOnTheKey() {
        TokenFingerprint token = claimedToken();
        ApiKey fresh = anApiKey().createdAt(clock.now()).build();

        openings()
                .openFundedByToken(
                        fresh,
                        Msats.of(10_000),
                        "token:" + token.value(),
                        token,
                        TokenUse.PAYS_ONE_REQUEST,
                        clock.now());

        assertThat(claimAgain(token)).isEqualTo(new ClaimResult.Completed(fresh.id()));
        EcashPaymentLogPort.EcashPayment payment = payments().find(token).orElseThrow();
        assertThat(payment.keyId()).isEqualTo(fresh.id());
        assertThat(payment.finished()).isFalse();
        assertThat(payment.changeToken()).isEqualTo(Optional.empty());
    }

    @Test
    void aKeyWithTheSameHashIsReturnedAndNothingIsRecorded() {
        ApiKeyBuilder first = anApiKey().createdAt(clock.now());
        ApiKey existing = apiKeys().createIfAbsent(first.build());
        TokenFingerprint token = claimedToken();
        ApiKey twin =
                anApiKey().withSecret(first.secret()).createdAt(clock.now()).build();

        OpenFundedResult result = openings()
                .openFundedByToken(
                        twin,
                        Msats.of(10_000),
                        "token:" + token.value(),
                        token,
                        TokenUse.PAYS_ONE_REQUEST,
                        clock.now());

        assertThat(result).isInstanceOf(OpenFundedResult.Exists.class);
        assertThat(((OpenFundedResult.Exists) result).key().id()).isEqualTo(existing.id());
        assertThat(apiKeys().findById(existing.id()).orElseThrow().balance()).isEqualTo(Msats.ZERO);
        assertThat(claimAgain(token)).isInstanceOf(ClaimResult.InProgress.class);
        assertThat(payments().find(token)).isEmpty();
    }
}

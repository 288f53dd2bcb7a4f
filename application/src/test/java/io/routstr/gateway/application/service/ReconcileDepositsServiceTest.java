package io.routstr.gateway.application.service;

import static io.routstr.gateway.domain.key.ApiKeyBuilder.anApiKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.fake.FakeTokenWallet;
import io.routstr.gateway.application.fake.InMemoryAccounts;
import io.routstr.gateway.application.fake.InMemoryEcashPayments;
import io.routstr.gateway.application.fake.InMemoryTokenKeyOpenings;
import io.routstr.gateway.application.fake.InMemoryTokenRedemptions;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.in.payment.OpenKeyWithTokenUseCase.TokenKeyOutcome;
import io.routstr.gateway.application.port.out.TokenRedemptionLogPort.ClaimResult;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeySecret;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.money.Msats;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconcileDepositsServiceTest {

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryTokenRedemptions redemptions = new InMemoryTokenRedemptions();
    private final FakeTokenWallet wallet = new FakeTokenWallet();
    private final FundApiKeyService fund = new FundApiKeyService(accounts, accounts, clock);
    private final InMemoryEcashPayments payments = new InMemoryEcashPayments();
    private final InMemoryTokenKeyOpenings openings = new InMemoryTokenKeyOpenings(accounts, redemptions, payments);
    private final TokenDeposits deposits = new TokenDeposits(
            redemptions, wallet, fund, openings, payments, clock, TokenDeposits.DEFAULT_CLAIM_TIMEOUT);
    private final ReconcileDepositsService reconciler = new ReconcileDepositsService(deposits);
    private final OpenKeyWithTokenService open = new OpenKeyWithTokenService(accounts, deposits);

    @AfterEach
    void ledgerHolds() {
        assertThat(accounts.balanceReport().holds()).isTrue();
    }

    /** A deposit whose process died after claiming the token and after the mint (or recovery) took it. */
    private String diedAfterTheMint(long sats, KeyHash into) {
        String token = wallet.issue(sats);
        redemptions.claim(TokenFingerprint.of(token), Optional.of(into), clock.now(), clock.now());
        wallet.redeemBehindTheCallersBack(token);
        return token;
    }

    @Test
    void aTokenTheWalletTookIsCreditedToTheNewKeyThatClaimedItOnce() {
        KeyHash keyHash = KeyHash.of(new byte[32]);
        diedAfterTheMint(21, keyHash);

        assertThat(reconciler.reconcile()).isZero();
        clock.advance(TokenDeposits.DEFAULT_CLAIM_TIMEOUT.plusSeconds(1));
        assertThat(reconciler.reconcile()).isEqualTo(1);
        assertThat(reconciler.reconcile()).isZero();

        assertThat(accounts.findByHash(keyHash).orElseThrow().balance()).isEqualTo(Msats.ofSats(21));
    }

    @Test
    void aTopUpWhoseCallerDiedIsCreditedToTheKeyItWasFor() {
        ApiKey key = accounts.createIfAbsent(anApiKey().build());
        diedAfterTheMint(30, key.keyHash());
        clock.advance(Duration.ofMinutes(6));

        reconciler.reconcile();

        assertThat(accounts.findById(key.id()).orElseThrow().balance()).isEqualTo(Msats.ofSats(30));
    }

    @Test
    void theClientPresentingTheTokenAfterTheReconcilerGetsTheCreditedKeyWithoutASecondCredit() {
        String token = wallet.issue(21);
        KeyHash keyHash = ApiKeySecret.derivedFromToken(token).hash();
        redemptions.claim(TokenFingerprint.of(token), Optional.of(keyHash), clock.now(), clock.now());
        wallet.redeemBehindTheCallersBack(token);
        clock.advance(Duration.ofMinutes(6));
        reconciler.reconcile();

        assertThat(open.open(token))
                .isInstanceOfSatisfying(
                        TokenKeyOutcome.AlreadyOpened.class,
                        opened -> assertThat(opened.key().balance()).isEqualTo(Msats.ofSats(21)));
    }

    /**
     * The wallet could not learn the mint's answer to the swap: the claim stays, and once the wallet's recovery finds
     * that the swap took effect the reconciler credits the token, without the client coming back with it.
     */
    @Test
    void aTokenWhoseSwapOutcomeWasUnknownIsCreditedOnceTheWalletsRecoverySettlesIt() {
        String token = wallet.issue(30);
        KeyHash keyHash = ApiKeySecret.derivedFromToken(token).hash();
        wallet.failNext(RedemptionFailure.OUTCOME_UNKNOWN);
        assertThat(open.open(token))
                .isInstanceOfSatisfying(
                        TokenKeyOutcome.Rejected.class,
                        rejected -> assertThat(rejected.failure()).isEqualTo(RedemptionFailure.OUTCOME_UNKNOWN));
        assertThat(accounts.findByHash(keyHash)).as("nothing credited yet").isEmpty();

        wallet.redeemBehindTheCallersBack(token);
        clock.advance(TokenDeposits.DEFAULT_CLAIM_TIMEOUT.plusSeconds(1));

        assertThat(reconciler.reconcile()).isEqualTo(1);
        assertThat(reconciler.reconcile()).as("credited once").isZero();
        assertThat(accounts.findByHash(keyHash).orElseThrow().balance()).isEqualTo(Msats.ofSats(30));
    }

    @Test
    void aClaimWhoseTokenNeverReachedTheMintIsFreedForTheClientToPresentAgain() {
        String token = wallet.issue(21);
        TokenFingerprint hash = TokenFingerprint.of(token);
        redemptions.claim(hash, Optional.of(KeyHash.of(new byte[32])), clock.now(), clock.now());
        clock.advance(Duration.ofMinutes(6));

        assertThat(reconciler.reconcile()).isZero();

        assertThat(redemptions.findStale(clock.now(), 10)).isEmpty();
        assertThat(redemptions.claim(hash, clock.now(), clock.now())).isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void withAShorterClaimTimeoutADeadDepositIsCreditedOnceThatTimeIsPast() {
        ReconcileDepositsService quick = new ReconcileDepositsService(
                new TokenDeposits(redemptions, wallet, fund, openings, payments, clock, Duration.ofSeconds(30)));
        KeyHash keyHash = KeyHash.of(new byte[32]);
        diedAfterTheMint(21, keyHash);

        clock.advance(Duration.ofSeconds(29));
        assertThat(quick.reconcile())
                .as("a claim younger than the timeout may still be live")
                .isZero();
        clock.advance(Duration.ofSeconds(2));
        assertThat(quick.reconcile()).isEqualTo(1);

        assertThat(accounts.findByHash(keyHash).orElseThrow().balance()).isEqualTo(Msats.ofSats(21));
    }

    @Test
    void withAShorterClaimTimeoutTheClientPresentingTheTokenAgainTakesOverTheDeadClaimAndIsCreditedOnce() {
        OpenKeyWithTokenService quick = new OpenKeyWithTokenService(
                accounts,
                new TokenDeposits(redemptions, wallet, fund, openings, payments, clock, Duration.ofSeconds(30)));
        String token = wallet.issue(21);
        diedAfterTheMint(token, ApiKeySecret.derivedFromToken(token).hash());
        clock.advance(Duration.ofSeconds(31));

        assertThat(quick.open(token))
                .isInstanceOfSatisfying(
                        TokenKeyOutcome.Opened.class,
                        opened -> assertThat(opened.key().balance()).isEqualTo(Msats.ofSats(21)));
        assertThat(quick.open(token)).isInstanceOf(TokenKeyOutcome.AlreadyOpened.class);
    }

    @Test
    void aClaimTimeoutMustBePositive() {
        assertThatThrownBy(() -> new TokenDeposits(redemptions, wallet, fund, openings, payments, clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void diedAfterTheMint(String token, KeyHash into) {
        redemptions.claim(TokenFingerprint.of(token), Optional.of(into), clock.now(), clock.now());
        wallet.redeemBehindTheCallersBack(token);
    }
}

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
import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.ApiKeySecret;
import io.routstr.gateway.domain.key.BalanceLimit;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.money.Msats;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenKeyWithTokenServiceTest {

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final FakeTokenWallet wallet = new FakeTokenWallet();
    private final InMemoryTokenRedemptions redemptions = new InMemoryTokenRedemptions();
    private final InMemoryEcashPayments payments = new InMemoryEcashPayments();
    private final LookUpsCounted keys = new LookUpsCounted(accounts);
    private final InMemoryTokenKeyOpenings openings = new InMemoryTokenKeyOpenings(accounts, redemptions, payments);
    /** For each key opened with a token: whether the wallet was inside its commit after the swap then. */
    private final List<Boolean> openedInTheWalletsCommit = new CopyOnWriteArrayList<>();

    private final OpenKeyWithTokenService service = new OpenKeyWithTokenService(
            keys,
            new TokenDeposits(
                    redemptions,
                    wallet,
                    new FundApiKeyService(accounts, accounts, clock),
                    (key, amount, reference, tokenHash, use, now) -> {
                        openedInTheWalletsCommit.add(wallet.settling());
                        return openings.openFundedByToken(key, amount, reference, tokenHash, use, now);
                    },
                    payments,
                    clock,
                    TokenDeposits.DEFAULT_CLAIM_TIMEOUT));

    @AfterEach
    void ledgerHolds() {
        assertThat(accounts.balanceReport().holds()).isTrue();
    }

    @Test
    void aTokenBecomesTheKeyDerivedFromItCreditedWithItsValue() {
        String token = wallet.issue(21);

        TokenKeyOutcome outcome = service.open(token);

        assertThat(outcome).isInstanceOfSatisfying(TokenKeyOutcome.Opened.class, opened -> {
            assertThat(opened.secret()).isEqualTo(ApiKeySecret.derivedFromToken(token));
            assertThat(opened.key().balance()).isEqualTo(Msats.ofSats(21));
            assertThat(opened.credited()).isEqualTo(Msats.ofSats(21));
        });
    }

    @Test
    void aRedeemedTokensKey_isOpenedInTheWalletsCommitAfterTheSwap_notInACommitOfItsOwn() {
        String token = wallet.issue(21);

        TokenKeyOutcome outcome = service.openToPayOneRequest(token);

        assertThat(outcome).isInstanceOf(TokenKeyOutcome.Opened.class);
        assertThat(openedInTheWalletsCommit).containsExactly(true);
    }

    @Test
    void aNewTokenPayingOneRequest_isClaimedWithoutALookUpOfItsKeyFirst() {
        String token = wallet.issue(21);

        TokenKeyOutcome outcome = service.openToPayOneRequest(token);

        assertThat(outcome).isInstanceOf(TokenKeyOutcome.Opened.class);
        assertThat(keys.byHash()).isZero();
    }

    @Test
    void aTokenPayingOneRequestAgain_findsTheKeyItOpened_withoutASecondCredit() {
        String token = wallet.issue(21);
        TokenKeyOutcome first = service.openToPayOneRequest(token);

        TokenKeyOutcome again = service.openToPayOneRequest(token);

        assertThat(again).isInstanceOfSatisfying(TokenKeyOutcome.AlreadyOpened.class, opened -> {
            assertThat(opened.key().id())
                    .isEqualTo(((TokenKeyOutcome.Opened) first).key().id());
            assertThat(opened.key().balance()).isEqualTo(Msats.ofSats(21));
        });
        assertThat(wallet.calls()).isEqualTo(1);
    }

    @Test
    void aTokenWhoseKeyWasCreditedBeforeItsClaimCompleted_stillPaysOneRequestFromThatKey() {
        String token = wallet.issue(21);
        TokenFingerprint fingerprint = TokenFingerprint.of(token);
        // Another caller claimed the token, credited its key and died before completing the claim.
        redemptions.claim(fingerprint, Optional.empty(), clock.now(), clock.now());
        redemptions.interrupted(fingerprint);
        ApiKey credited = accounts.createIfAbsent(anApiKey()
                .withSecret(ApiKeySecret.derivedFromToken(token))
                .createdAt(clock.now())
                .build());
        accounts.credit(credited.id(), Msats.ofSats(21), "token:" + fingerprint.value(), clock.now());
        wallet.failNext(RedemptionFailure.ALREADY_SPENT);

        TokenKeyOutcome outcome = service.openToPayOneRequest(token);

        assertThat(outcome).isInstanceOfSatisfying(TokenKeyOutcome.AlreadyOpened.class, opened -> {
            assertThat(opened.key().id()).isEqualTo(credited.id());
            assertThat(opened.key().balance()).isEqualTo(Msats.ofSats(21));
        });
    }

    @Test
    void theSameTokenAgainGivesTheSameKeyWithoutASecondCredit() {
        String token = wallet.issue(21);
        service.open(token);

        TokenKeyOutcome again = service.open(token);

        assertThat(again)
                .isInstanceOfSatisfying(
                        TokenKeyOutcome.AlreadyOpened.class,
                        opened -> assertThat(opened.key().balance()).isEqualTo(Msats.ofSats(21)));
        assertThat(wallet.calls()).isEqualTo(1);
    }

    @Test
    void aTerminallyRejectedTokenIsNotSentToTheMintAgain() {
        String token = wallet.issue(21);
        wallet.failNext(RedemptionFailure.ALREADY_SPENT);

        assertThat(service.open(token)).isInstanceOf(TokenKeyOutcome.Rejected.class);
        assertThat(service.open(token))
                .isEqualTo(new TokenKeyOutcome.Rejected(RedemptionFailure.ALREADY_SPENT, "Token already spent"));
        assertThat(wallet.calls()).isEqualTo(1);
    }

    @Test
    void aTokenRejectedForAPassingReasonCanBePresentedAgain() {
        String token = wallet.issue(21);
        wallet.failNext(RedemptionFailure.MINT_UNREACHABLE);

        assertThat(service.open(token)).isInstanceOf(TokenKeyOutcome.Rejected.class);
        assertThat(service.open(token)).isInstanceOf(TokenKeyOutcome.Opened.class);
    }

    @Test
    void aFailureWhileCreditingANewKeyLeavesNoEmptyKey_andARetryOfTheSameTokenCreditsIt() {
        String token = wallet.issue(21);
        accounts.failNextDeposit();

        assertThatThrownBy(() -> service.open(token)).isInstanceOf(IllegalStateException.class);
        assertThat(accounts.findByHash(ApiKeySecret.derivedFromToken(token).hash()))
                .isEmpty();

        assertThat(service.open(token))
                .isInstanceOfSatisfying(
                        TokenKeyOutcome.Opened.class,
                        opened -> assertThat(opened.key().balance()).isEqualTo(Msats.ofSats(21)));
    }

    @Test
    void fiftyConcurrentPresentationsOfOneTokenCreditItOnce() throws Exception {
        String token = wallet.issue(100);
        List<TokenKeyOutcome> outcomes = new CopyOnWriteArrayList<>();

        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                executor.submit(() -> outcomes.add(service.open(token)));
            }
        }

        assertThat(outcomes).hasSize(50);
        assertThat(outcomes)
                .filteredOn(o -> o instanceof TokenKeyOutcome.Opened)
                .hasSize(1);
        assertThat(outcomes)
                .allMatch(o -> o instanceof TokenKeyOutcome.Opened || o instanceof TokenKeyOutcome.AlreadyOpened);
        assertThat(accounts.findByHash(ApiKeySecret.derivedFromToken(token).hash())
                        .orElseThrow()
                        .balance())
                .isEqualTo(Msats.ofSats(100));
        assertThat(wallet.calls()).isEqualTo(1);
    }

    /** The key port as the service sees it, counting its look-ups by hash. */
    private static final class LookUpsCounted implements ApiKeyPort {

        private final ApiKeyPort keys;
        private final AtomicInteger byHash = new AtomicInteger();

        LookUpsCounted(ApiKeyPort keys) {
            this.keys = keys;
        }

        int byHash() {
            return byHash.get();
        }

        @Override
        public Optional<ApiKey> findByHash(KeyHash hash) {
            byHash.incrementAndGet();
            return keys.findByHash(hash);
        }

        @Override
        public Optional<ApiKey> findById(ApiKeyId id) {
            return keys.findById(id);
        }

        @Override
        public List<ApiKey> findChildren(ApiKeyId parentId) {
            return keys.findChildren(parentId);
        }

        @Override
        public Msats standingHeld(ApiKeyId billingKey) {
            return keys.standingHeld(billingKey);
        }

        @Override
        public ApiKey createIfAbsent(ApiKey key) {
            return keys.createIfAbsent(key);
        }

        @Override
        public void updateRefundTarget(ApiKeyId id, RefundTarget target) {
            keys.updateRefundTarget(id, target);
        }

        @Override
        public void updateLimits(ApiKeyId id, Optional<BalanceLimit> limit, Optional<Instant> validUntil) {
            keys.updateLimits(id, limit, validUntil);
        }

        @Override
        public List<ApiKey> findDueForRefund(Instant now, int limit) {
            return keys.findDueForRefund(now, limit);
        }

        @Override
        public void deferRefund(ApiKeyId id, Instant retryAt) {
            keys.deferRefund(id, retryAt);
        }
    }
}

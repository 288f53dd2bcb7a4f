package io.routstr.gateway.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.fake.FakePayouts;
import io.routstr.gateway.application.fake.FakeTokenWallet;
import io.routstr.gateway.application.fake.InMemoryAccounts;
import io.routstr.gateway.application.fake.InMemoryEcashPayments;
import io.routstr.gateway.application.fake.InMemoryRefundClaims;
import io.routstr.gateway.application.fake.InMemoryTokenKeyOpenings;
import io.routstr.gateway.application.fake.InMemoryTokenRedemptions;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.in.payment.PayPerRequestWithEcashUseCase.Change;
import io.routstr.gateway.application.port.in.payment.PayPerRequestWithEcashUseCase.Payment;
import io.routstr.gateway.application.port.in.payment.PayPerRequestWithEcashUseCase.Recovery;
import io.routstr.gateway.application.port.out.EcashPaymentLogPort;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.Reservation;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PayPerRequestWithEcashServiceTest {

    private final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final FakeTokenWallet wallet = new FakeTokenWallet();
    private final FakePayouts payouts = new FakePayouts();
    private final FundApiKeyService fund = new FundApiKeyService(accounts, accounts, clock);
    private final InMemoryEcashPayments payments = new InMemoryEcashPayments();
    private final InMemoryRefundClaims claims = new InMemoryRefundClaims(accounts, payments);
    private final ReconcileRefundsService reconciler =
            new ReconcileRefundsService(claims, payouts, clock, RefundPolicy.defaults());
    private final InMemoryTokenRedemptions redemptions = new InMemoryTokenRedemptions();
    private final WritesCounted paymentWrites = new WritesCounted(payments);
    private final PayPerRequestWithEcashService service = new PayPerRequestWithEcashService(
            new OpenKeyWithTokenService(
                    accounts,
                    new TokenDeposits(
                            redemptions,
                            wallet,
                            fund,
                            new InMemoryTokenKeyOpenings(accounts, redemptions, payments),
                            payments,
                            clock,
                            TokenDeposits.DEFAULT_CLAIM_TIMEOUT)),
            new RefundBalanceService(
                    accounts,
                    accounts,
                    claims,
                    payouts,
                    clock,
                    BillingPolicy.defaults(),
                    StandingHoldsService.off(accounts, clock)),
            accounts,
            paymentWrites,
            clock);

    @AfterEach
    void ledgerHolds() {
        assertThat(accounts.balanceReport().holds()).isTrue();
    }

    private Payment.Accepted pay(String token) {
        return (Payment.Accepted) service.begin(token);
    }

    private void charge(Payment.Accepted payment, long cost) {
        var reserved = accounts.reserve(
                Reservation.open(payment.key().id(), payment.key().id(), Msats.of(cost), clock.now()), clock.now());
        accounts.settle(
                ((io.routstr.gateway.application.port.out.BalancePort.ReserveResult.Reserved) reserved)
                        .reservation()
                        .id(),
                Msats.of(cost),
                clock.now());
    }

    @Test
    void theChangeIsWhatIsLeftInWholeSats() {
        String token = wallet.issue(100);
        Payment.Accepted payment = pay(token);
        charge(payment, 12_345);

        Change change = service.finish(token);

        assertThat(change)
                .isInstanceOfSatisfying(
                        Change.Returned.class,
                        returned -> assertThat(returned.amount()).isEqualTo(Msats.ofSats(87)));
    }

    @Test
    void changePaidBack_isRecordedByItsRefundClaimsCompletion_notInASecondWrite() {
        String token = wallet.issue(10);
        charge(pay(token), 1_000);

        Change.Returned change = (Change.Returned) service.finish(token);

        assertThat(paymentWrites.changesIssued()).isZero();
        assertThat(payments.find(TokenFingerprint.of(token)).orElseThrow()).satisfies(payment -> {
            assertThat(payment.finished()).isTrue();
            assertThat(payment.changeToken()).contains(change.token());
            assertThat(payment.changeAmount()).isEqualTo(Msats.ofSats(9));
        });
    }

    @Test
    void changeWhosePayoutDiedAfterTheMint_isPendingUntilReconciled_thenFetchedAsTheSameToken() {
        String token = wallet.issue(10);
        charge(pay(token), 1_000);
        payouts.crashAfterPayingNext();
        assertThatThrownBy(() -> service.finish(token)).isInstanceOf(IllegalStateException.class);

        assertThat(service.recoverChange(token)).isInstanceOf(Recovery.Pending.class);
        clock.advance(RefundPolicy.defaults().claimTimeout().plusSeconds(1));
        assertThat(reconciler.reconcile()).isEqualTo(1);

        assertThat(service.recoverChange(token))
                .isEqualTo(new Recovery.Found("cashuBfake1", Msats.ofSats(9), CurrencyUnit.SAT));
        assertThat(service.recoverChange(token))
                .isEqualTo(new Recovery.Found("cashuBfake1", Msats.ofSats(9), CurrencyUnit.SAT));
        assertThat(payouts.paid()).containsExactly(Msats.ofSats(9));
    }

    @Test
    void lostChangeCanBeFetchedAgainWithTheOriginalToken() {
        String token = wallet.issue(10);
        charge(pay(token), 1_000);
        Change.Returned change = (Change.Returned) service.finish(token);

        assertThat(service.recoverChange(token))
                .isEqualTo(new Recovery.Found(change.token(), change.amount(), CurrencyUnit.SAT));
    }

    @Test
    void changeThatFailedToPayOutIsPaidWhenRecovered() {
        String token = wallet.issue(10);
        charge(pay(token), 1_000);
        payouts.failNext("mint down");

        assertThat(service.finish(token)).isInstanceOf(Change.Deferred.class);
        assertThat(service.recoverChange(token)).isInstanceOf(Recovery.Found.class);
        assertThat(payouts.paid()).containsExactly(Msats.ofSats(9));
    }

    @Test
    void changeWhoseProofsOtherPayoutsHoldForAMomentIsPaidOnceTheyAreFree() {
        String token = wallet.issue(10);
        charge(pay(token), 1_000);
        payouts.findNextProofsInFlight("the mint's ecash is held by other payouts in flight");

        Change change = service.finish(token);

        assertThat(change)
                .isInstanceOfSatisfying(
                        Change.Returned.class,
                        returned -> assertThat(returned.amount()).isEqualTo(Msats.ofSats(9)));
        assertThat(payouts.paid()).containsExactly(Msats.ofSats(9));
    }

    @Test
    void changeAskedForOnAnInterruptedThreadIsDeferredToRecovery_notFailed() {
        String token = wallet.issue(10);
        charge(pay(token), 1_000);
        payouts.findNextProofsInFlight("the mint's ecash is held by other payouts in flight");

        Thread.currentThread().interrupt();
        Change change;
        try {
            change = service.finish(token);
        } finally {
            assertThat(Thread.interrupted())
                    .as("the interrupt is kept for the caller")
                    .isTrue();
        }

        assertThat(change).isInstanceOf(Change.Deferred.class);
        assertThat(payouts.paid()).isEmpty();
        assertThat(service.recoverChange(token)).isNotInstanceOf(Recovery.NotFound.class);
    }

    @Test
    void aRequestStillInFlightMakesRecoveryWait() {
        String token = wallet.issue(10);
        Payment.Accepted payment = pay(token);
        accounts.reserve(
                Reservation.open(payment.key().id(), payment.key().id(), Msats.of(500), clock.now()), clock.now());

        assertThat(service.recoverChange(token)).isInstanceOf(Recovery.Pending.class);
        assertThat(service.recoverChange(wallet.issue(1))).isInstanceOf(Recovery.NotFound.class);
    }

    @Test
    void aTokenSpentForNothingGetsItsWholeValueBack() {
        String token = wallet.issue(21);
        pay(token);

        assertThat(service.finish(token))
                .isInstanceOfSatisfying(
                        Change.Returned.class,
                        returned -> assertThat(returned.amount()).isEqualTo(Msats.ofSats(21)));
    }

    /** The payment log as the service sees it, counting the change it records itself. */
    private static final class WritesCounted implements EcashPaymentLogPort {

        private final EcashPaymentLogPort payments;
        private final AtomicInteger changesIssued = new AtomicInteger();

        WritesCounted(EcashPaymentLogPort payments) {
            this.payments = payments;
        }

        int changesIssued() {
            return changesIssued.get();
        }

        @Override
        public void started(TokenFingerprint tokenHash, ApiKeyId keyId, Instant now) {
            payments.started(tokenHash, keyId, now);
        }

        @Override
        public boolean changeIssued(
                TokenFingerprint tokenHash, Optional<String> changeToken, Msats amount, Instant now) {
            changesIssued.incrementAndGet();
            return payments.changeIssued(tokenHash, changeToken, amount, now);
        }

        @Override
        public Optional<EcashPayment> find(TokenFingerprint tokenHash) {
            return payments.find(tokenHash);
        }
    }
}
